// Moves in the VS Code workbench that the e2e scripts share, done the way a user does them.
import type { Page } from 'playwright-core';

/** Opens a workspace file through Quick Open (Ctrl+P) by its name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}
