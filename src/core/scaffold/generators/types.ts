import { ensureTypeAugmentation } from '../augmentation';
import type { PlanContext } from '../plan-context';

/** next-auth.d.ts from what the config's authorize()/jwt/session really produce (TypeScript, or when asked). */
export function generateTypes(context: PlanContext): void {
  const { request, auth } = context;
  if (!auth) return;
  if (request.project.language === 'ts' || request.typesForJavaScript) context.notes.push(...ensureTypeAugmentation(context.files.tree, request, auth.entry));
  else context.notes.push({ level: 'info', message: 'JavaScript project: no next-auth.d.ts generated (ask for the type augmentation to get one; JSDoc types are in the generated code).' });
}
