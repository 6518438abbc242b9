import { ProjectSources, readAuthConfig, type AuthConfig } from '../auth-config';
import type { ReadonlyFileSystem } from '../file-system';
import type { EditableSource } from './editable-source';

/**
 * Reads the auth config afresh: merges call it again after each edit, since an edit moves every node. The
 * plan's reader sees the whole project (spreads and imports followed into other files); a merge called on
 * one file alone sees that file.
 */
export type ConfigReader = () => AuthConfig | undefined;

/** The config as `source` alone holds it, in its current text (nothing else is read). */
export function configOfSource(source: EditableSource): ConfigReader {
  const only: ReadonlyFileSystem = {
    readFile: (file) => (file === source.path ? source.text : undefined),
    isFile: (file) => file === source.path,
    isDirectory: () => false,
    readDirectory: () => [],
  };
  const sources = new ProjectSources(only);
  return () => readAuthConfig(sources, source.path);
}
