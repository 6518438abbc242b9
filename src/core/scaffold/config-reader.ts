import { ProjectSources, readAuthConfig, type AuthConfig } from '../auth-config';
import type { EditableSource } from './editable-source';

/**
 * Reads the auth config afresh: merges call it again after each edit, since an edit moves every node. The
 * plan's reader sees the whole project (spreads and imports followed into other files); a merge called on
 * one file alone sees that file.
 */
export type ConfigReader = () => AuthConfig | undefined;

/** The config as `source` alone holds it, in its current text (nothing else is read). */
export function configOfSource(source: EditableSource): ConfigReader {
  const sources = ProjectSources.ofFile(source.path, () => source.text);
  return () => readAuthConfig(sources, source.path);
}
