import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FileChange } from '../core/change-set';
import { currentText, openDirtyDocument } from './editor-file-system';
import { loadEngine } from './engine';

/** Outcome of applying a plan's changes as one WorkspaceEdit. */
export type ApplyOutcome =
  /** `files`: the changes that landed (all of them unless the user unticked some in the preview). */
  /** `unsaved`: updated files VS Code could not save (they stay applied, unsaved). */
  | { readonly kind: 'applied'; readonly files: readonly string[]; readonly unsaved: readonly string[] }
  /** The user discarded the refactor preview, or VS Code rejected the edit. */
  | { readonly kind: 'not-applied' }
  /** Files changed since the plan was computed; nothing was applied. */
  | { readonly kind: 'stale'; readonly files: readonly string[] };

/**
 * The changes whose file no longer holds the text the plan was computed from (a create whose file now
 * exists counts too). Applying over them would clobber the user's work, so callers refuse instead.
 */
export function findStaleChanges(changes: readonly FileChange[]): string[] {
  return changes.filter((change) => currentText(change.path) !== change.before).map((change) => change.path);
}

/**
 * One WorkspaceEdit for all changes: creates with their contents, updates as the text replacements that
 * turn the document into the planned text (so the refactor preview diffs only what changes, and cursors
 * and folds elsewhere in an open editor stay put).
 *
 * With `preview`, VS Code's refactor preview opens. It opens when an entry needs confirmation, but starts
 * such entries unticked, so Apply would write nothing until the user ticks each one. The entries the user
 * asked for are therefore not marked; one extra entry is: creating a path that exists with
 * `ignoreIfExists`, which VS Code neither lists nor applies (and skips when applying without a preview).
 */
export async function buildWorkspaceEdit(changes: readonly FileChange[], preview: boolean, relativeTo?: string): Promise<vscode.WorkspaceEdit> {
  const engine = await loadEngine();
  const edit = new vscode.WorkspaceEdit();
  for (const change of changes) {
    const uri = vscode.Uri.file(change.path);
    const shown = relativeTo ? path.relative(relativeTo, change.path) : change.path;
    if (change.kind === 'create') {
      edit.createFile(uri, { contents: Buffer.from(change.content, 'utf8') }, { needsConfirmation: false, label: 'Create files', description: shown });
    } else {
      const document = await vscode.workspace.openTextDocument(uri);
      const metadata = { needsConfirmation: false, label: 'Update files', description: shown };
      for (const replacement of engine.textReplacements(document.getText(), change.content)) {
        const range = new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end));
        edit.replace(uri, range, replacement.text, metadata);
      }
    }
  }
  if (preview) {
    const anchor = changes.find((c) => c.kind === 'update')?.path ?? existingAncestor(relativeTo ?? path.dirname(changes[0]?.path ?? '/'));
    edit.createFile(vscode.Uri.file(anchor), { ignoreIfExists: true }, { needsConfirmation: true, label: 'Review' });
  }
  return edit;
}

/** `dir` itself or its nearest ancestor that exists on disk. */
function existingAncestor(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/**
 * Applies the changes as one undoable edit after checking nothing changed underneath, then saves the
 * updated documents the user had no unsaved edits in (so the result is on disk, like the CLI's, while
 * buffers the user was editing stay theirs to save). Created files are written by the edit itself.
 */
export async function applyChanges(changes: readonly FileChange[], options: { preview: boolean; relativeTo?: string }): Promise<ApplyOutcome> {
  const stale = findStaleChanges(changes);
  if (stale.length > 0) return { kind: 'stale', files: stale };
  const dirtyBefore = new Set(changes.filter((c) => openDirtyDocument(c.path)).map((c) => path.resolve(c.path)));
  // No `isRefactoring`: with it VS Code's `files.refactoring.autoSave` saves every touched file, including
  // buffers the user had not saved yet. We save only the files that were clean (below).
  let applied = false;
  for (let attempt = 0; attempt < 2 && !applied; attempt++) {
    const edit = await buildWorkspaceEdit(changes, options.preview, options.relativeTo);
    // Re-check after the awaits above: a document may have changed while the edit was being built.
    const staleNow = findStaleChanges(changes);
    if (staleNow.length > 0) return { kind: 'stale', files: staleNow };
    applied = await vscode.workspace.applyEdit(edit);
    // A rejected edit with the files still as planned means an open document was reloaded from disk
    // between building and applying the edit (its version moved on): rebuild once. Never after a
    // preview, where `false` is the user's answer.
    if (applied || options.preview || changes.some((c) => currentText(c.path) !== c.before)) break;
  }
  if (!applied) return { kind: 'not-applied' };
  // A discarded preview, or entries unticked in it, still resolve `true`: trust the files, not the flag.
  const landed = changes.filter((c) => currentText(c.path) === c.content);
  if (landed.length === 0) return { kind: 'not-applied' };
  const unsaved: string[] = [];
  for (const change of landed) {
    if (change.kind !== 'update' || dirtyBefore.has(path.resolve(change.path))) continue;
    // TextDocument.save, not workspace.save: the latter only saves files shown in an editor.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(change.path));
    if (!(await document.save())) unsaved.push(change.path);
  }
  return { kind: 'applied', files: landed.map((c) => c.path), unsaved };
}
