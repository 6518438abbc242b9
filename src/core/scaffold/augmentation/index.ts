// next-auth.d.ts generation: derive the fields authorize()/jwt/session really produce, then get-or-add
// them into the app's module augmentation (Session, User, JWT), in the form that resolves for its layout.
export { ensureTypeAugmentation } from './ensure-type-augmentation';
export { deriveAuthFields, type DerivedField, type DerivedFields, type DerivationWarning } from './derive-fields';
