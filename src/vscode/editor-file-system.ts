import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReadonlyFileSystem } from '../core/file-system';
import type { Engine } from './engine';

/** Overlay keys are POSIX-style absolute paths (what OverlayFileSystem normalizes lookups to). */
function overlayKey(fsPath: string): string {
  return fsPath.split(path.sep).join('/');
}

/**
 * The files as the user sees them: unsaved editor buffers over the disk. Plans computed through it
 * merge into what the user is editing, not into a stale copy on disk.
 */
export function editorFileSystem(engine: Engine): ReadonlyFileSystem {
  const overlay = new Map<string, string>();
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme === 'file' && document.isDirty) overlay.set(overlayKey(document.uri.fsPath), document.getText());
  }
  return new engine.OverlayFileSystem(new engine.NodeFileSystem(), overlay);
}

/** The open (dirty) document for a path, when there is one. */
export function openDirtyDocument(fsPath: string): vscode.TextDocument | undefined {
  const target = path.resolve(fsPath);
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.isDirty && path.resolve(d.uri.fsPath) === target);
}

/**
 * The text of a file right now: the open document's when VS Code holds one (unsaved edits included),
 * else the disk; `undefined` when neither exists. A change's `before` is checked against this just
 * before applying, and its `content` just after. (Documents, not the dirty flag: right after an edit
 * the text has reached the extension host before the flag has.)
 */
export function currentText(fsPath: string): string | undefined {
  const target = path.resolve(fsPath);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && !d.isClosed && path.resolve(d.uri.fsPath) === target);
  if (open) return open.getText();
  try {
    return fs.readFileSync(fsPath, 'utf8');
  } catch {
    return undefined;
  }
}
