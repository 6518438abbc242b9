import { ts } from 'ts-morph';

/**
 * The JavaScript form of rendered TypeScript template output: the same code, byte for byte where no
 * type is written, with every type moved into JSDoc so a `checkJs` project type-checks it as strictly:
 *
 * - `import type { X } from "m"` goes; `X` is written `import("m").X` in the JSDoc types;
 * - `type X = T` and `interface X { … }` become `@typedef` (and `@property`) tags;
 * - parameter and return types become `@param` / `@returns`, `const x: T` becomes `@type {T}`;
 *   the tags join the declaration's own doc comment (a one-line comment opens into a block), or a
 *   new one is written above it;
 * - `e as T` becomes the JSDoc cast `/** @type {T} *\/ (e)`, `f<T>(a)` becomes `f(/** @type {T} *\/ (a))`,
 *   `const m = new Map<K, V>()` becomes `@type {Map<K, V>}` on `m`, and `e!` becomes `e`.
 *
 * Not `ts.transpileModule`: its printer re-indents to four spaces and drops blank lines and the
 * parentheses a JSDoc cast needs; here only the type syntax is cut out of the original text. A function
 * declaration's type parameters become `@template {Constraint} T` tags. A construct with no JSDoc form
 * here (generics on a function expression or a type, enums, overloads, `satisfies`, …) throws with its
 * line, so a template that uses one fails its test instead of shipping half-converted.
 */
export function typeScriptToJavaScript(text: string, fileName: string): string {
  const jsx = /\.[jt]sx$/.test(fileName);
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const parseErrors = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (parseErrors.length > 0) fail(source, parseErrors[0].start ?? 0, `does not parse: ${ts.flattenDiagnosticMessageText(parseErrors[0].messageText, ' ')}`);
  return new Converter(source).run();
}

const REMOVED_LINE = '\u0000removed\u0000';

function fail(source: ts.SourceFile, position: number, message: string): never {
  const { line } = source.getLineAndCharacterOfPosition(position);
  throw new Error(`${source.fileName}:${line + 1}: the TypeScript template ${message}`);
}

class Converter {
  /** Names brought in by `import type`, written as `import("module").Name` in JSDoc. */
  private readonly importedTypes = new Map<string, string>();

  constructor(private readonly source: ts.SourceFile) {}

  run(): string {
    for (const statement of this.source.statements) {
      if (ts.isImportDeclaration(statement)) this.collectTypeImports(statement);
    }
    const out = this.emit(this.source);
    // A removed statement leaves its line behind: drop it with its line break.
    return out.replace(new RegExp(`^[ \\t]*${REMOVED_LINE}[ \\t]*\\r?\\n`, 'gm'), '').replace(new RegExp(REMOVED_LINE, 'g'), '');
  }

  private text(start: number, end: number): string {
    return this.source.text.slice(start, end);
  }

  private collectTypeImports(declaration: ts.ImportDeclaration): void {
    const module = (declaration.moduleSpecifier as ts.StringLiteral).text;
    const clause = declaration.importClause;
    if (!clause) return;
    const bindings = clause.namedBindings;
    if (clause.isTypeOnly && clause.name) this.importedTypes.set(clause.name.text, `import(${JSON.stringify(module)}).default`);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (clause.isTypeOnly || element.isTypeOnly) {
          this.importedTypes.set(element.name.text, `import(${JSON.stringify(module)}).${(element.propertyName ?? element.name).getText(this.source)}`);
        }
      }
    }
  }

  /** The JavaScript text of `node` from its first token to its end (leading trivia is the parent's). */
  private emit(node: ts.Node): string {
    const special = this.special(node);
    if (special !== undefined) return special;
    // The file's own text starts at 0: a comment before the first statement is that statement's trivia.
    return this.emitChildren(node, ts.isSourceFile(node) ? 0 : node.getStart(this.source), () => false);
  }

  /** `node`'s text from `start`, children converted, the children `skip` accepts left out with their leading trivia. */
  private emitChildren(node: ts.Node, start: number, skip: (child: ts.Node) => boolean): string {
    let out = '';
    let position = start;
    for (const child of node.getChildren(this.source)) {
      if (child.end <= start) continue;
      if (skip(child)) {
        out += this.text(position, child.pos);
      } else if (child.kind === ts.SyntaxKind.SyntaxList) {
        // Statements and members live in syntax lists: each may carry doc tags.
        out += this.emitList(child, position);
      } else {
        const childStart = child.getStart(this.source);
        const leading = this.text(position, childStart);
        out += this.withDocTags(child, leading) + this.emit(child);
      }
      position = child.end;
    }
    return out + this.text(position, node.end);
  }

  /** A syntax list from `position` (its first element's leading trivia included). */
  private emitList(list: ts.Node, from: number): string {
    let out = '';
    let position = from;
    for (const child of list.getChildren(this.source)) {
      const childStart = child.getStart(this.source);
      out += this.withDocTags(child, this.text(position, childStart)) + this.emit(child);
      position = child.end;
    }
    return out + this.text(position, list.end);
  }

  /** Conversions of a whole node; undefined to convert its children in place. */
  private special(node: ts.Node): string | undefined {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) return REMOVED_LINE;
      const bindings = clause?.namedBindings;
      if (clause && bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.isTypeOnly)) {
        const values = bindings.elements.filter((e) => !e.isTypeOnly);
        if (values.length === 0 && !clause.name) return REMOVED_LINE;
        const named = values.length === 0 ? '' : `{ ${values.map((e) => e.getText(this.source)).join(', ')} }`;
        const head = [clause.name?.text, named].filter(Boolean).join(', ');
        return `import ${head} from ${node.moduleSpecifier.getText(this.source)};`;
      }
      return undefined;
    }
    if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) return REMOVED_LINE;
    if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
      fail(this.source, node.getStart(this.source), `uses ${ts.SyntaxKind[node.kind]}, which has no JavaScript form here`);
    }
    if (ts.isNonNullExpression(node)) return this.emit(node.expression);
    if (ts.isParenthesizedExpression(node) && ts.isAsExpression(node.expression)) return this.emit(node.expression);
    if (ts.isAsExpression(node)) return `/** @type {${this.jsdocType(node.type)}} */ (${this.emit(node.expression)})`;
    if (ts.isArrowFunction(node) && node.type) {
      this.rejectTypedParameters(node);
      const body = ts.isParenthesizedExpression(node.body) || ts.isBlock(node.body) ? this.emit(node.body) : `(${this.emit(node.body)})`;
      if (ts.isBlock(node.body)) fail(this.source, node.getStart(this.source), 'gives a block-bodied arrow function a return type; use a function declaration');
      return `${this.emitChildren(node, node.getStart(this.source), (c) => c === node.type || c.kind === ts.SyntaxKind.ColonToken || c === node.body).trimEnd()} /** @type {${this.jsdocType(node.type)}} */ ${body}`;
    }
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node)) {
      // A function declaration's type parameters become @template tags (see docTags); elsewhere they have no place.
      if (node.typeParameters && !ts.isFunctionDeclaration(node)) fail(this.source, node.getStart(this.source), 'gives a function expression type parameters; use a function declaration');
      if (!ts.isFunctionDeclaration(node) && !ts.isMethodDeclaration(node)) this.rejectTypedParameters(node);
      const returnType = node.type;
      const typeParameters = node.typeParameters;
      const inTypeParameters = (c: ts.Node): boolean =>
        typeParameters !== undefined && c.pos >= typeParameters.pos - 1 && c.end <= typeParameters.end + 1 && (c.kind === ts.SyntaxKind.LessThanToken || c.kind === ts.SyntaxKind.GreaterThanToken || c.kind === ts.SyntaxKind.SyntaxList);
      return this.emitChildren(node, node.getStart(this.source), (c) => inTypeParameters(c) || (returnType !== undefined && (c === returnType || c.kind === ts.SyntaxKind.ColonToken)));
    }
    if (ts.isParameter(node)) {
      return this.emitChildren(node, node.getStart(this.source), (c) => c === node.type || c.kind === ts.SyntaxKind.ColonToken || c.kind === ts.SyntaxKind.QuestionToken);
    }
    if (ts.isVariableDeclaration(node)) {
      return this.emitChildren(node, node.getStart(this.source), (c) => node.type !== undefined && (c === node.type || c.kind === ts.SyntaxKind.ColonToken));
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.typeArguments) {
      const typeArguments = node.typeArguments;
      const args = node.arguments ?? [];
      if (args.length === 0) {
        if (!this.typeArgumentsOnDeclaration(node)) fail(this.source, node.getStart(this.source), 'passes type arguments with no argument to cast and no variable to annotate');
        return this.emitWithoutTypeArguments(node, undefined);
      }
      if (typeArguments.length !== 1) fail(this.source, node.getStart(this.source), 'passes several type arguments to a call with arguments');
      return this.emitWithoutTypeArguments(node, `/** @type {${this.jsdocType(typeArguments[0])}} */ `);
    }
    return undefined;
  }

  /** A call or `new` without its `<…>`; `castFirst` goes before the first argument, which it parenthesizes. */
  private emitWithoutTypeArguments(node: ts.CallExpression | ts.NewExpression, castFirst: string | undefined): string {
    const closing = node.getChildren(this.source).find((c) => c.kind === ts.SyntaxKind.GreaterThanToken && c.pos >= node.expression.end);
    if (!closing) return fail(this.source, node.getStart(this.source), 'has type arguments without their closing ">"');
    let out = this.text(node.getStart(this.source), node.expression.getStart(this.source)) + this.emit(node.expression);
    let position = closing.end;
    for (const argument of node.arguments ?? []) {
      out += this.text(position, argument.getStart(this.source));
      const converted = this.emit(argument);
      out += argument === node.arguments?.[0] && castFirst !== undefined ? `${castFirst}(${converted})` : converted;
      position = argument.end;
    }
    return out + this.text(position, node.end);
  }

  /** Whether `new X<T>()` initializes a variable without a type: the type goes on the variable (see docTags). */
  private typeArgumentsOnDeclaration(node: ts.CallExpression | ts.NewExpression): boolean {
    return ts.isVariableDeclaration(node.parent) && node.parent.initializer === node && node.parent.type === undefined;
  }

  private rejectTypedParameters(node: ts.SignatureDeclaration): void {
    for (const parameter of node.parameters) {
      if (parameter.type) fail(this.source, parameter.getStart(this.source), 'types a parameter of a function expression; use a function declaration');
    }
  }

  /** `leading` (the trivia before `node`) with the node's JSDoc tags added to its doc comment, or a new one. */
  private withDocTags(node: ts.Node, leading: string): string {
    const tags = this.docTags(node);
    if (tags.length === 0) return leading;
    const indent = /[ \t]*$/.exec(leading)![0];
    // A variable's type gets a comment of its own, right above it; a doc comment stays prose.
    const doc = ts.isVariableStatement(node) ? null : /\/\*\*(?:(?!\*\/)[\s\S])*\*\/([ \t]*\r?\n[ \t]*)$/.exec(leading);
    if (!doc) {
      const block = tags.length === 1 ? `/** ${tags[0]} */` : ['/**', ...tags.map((t) => ` * ${t}`), ' */'].join(`\n${indent}`);
      return `${leading}${block}\n${indent}`;
    }
    const comment = doc[0].slice(0, doc[0].length - doc[1].length);
    const before = leading.slice(0, doc.index);
    const commentIndent = /[ \t]*$/.exec(before)![0];
    let opened: string;
    if (!comment.includes('\n')) {
      const body = comment.slice(3, -2).trim();
      opened = ['/**', ` * ${body}`, ...tags.map((t) => ` * ${t}`), ' */'].join(`\n${commentIndent}`);
    } else {
      const lines = comment.split('\n');
      const close = lines.pop()!;
      // A doc comment written in paragraphs gets its tags as one more paragraph.
      const paragraphs = lines.slice(1).some((l) => /^\s*\*\s*$/.test(l));
      opened = [...lines, ...(paragraphs ? [`${commentIndent} *`] : []), ...tags.map((t) => `${commentIndent} * ${t}`), close].join('\n');
    }
    return before + opened + doc[1];
  }

  /** The JSDoc tags a statement's types become. */
  private docTags(node: ts.Node): string[] {
    if (ts.isTypeAliasDeclaration(node)) {
      if (node.typeParameters) fail(this.source, node.getStart(this.source), 'gives a type alias type parameters');
      return [`@typedef {${this.jsdocType(node.type)}} ${node.name.text}`];
    }
    if (ts.isInterfaceDeclaration(node)) {
      if (node.typeParameters || node.heritageClauses) fail(this.source, node.getStart(this.source), 'gives an interface type parameters or a base');
      return [`@typedef {object} ${node.name.text}`, ...node.members.map((m) => `@property ${this.memberTag(m)}`)];
    }
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
      const templates = (node.typeParameters ?? []).map((t) => {
        if (t.default) fail(this.source, t.getStart(this.source), `gives the type parameter ${t.name.text} a default`);
        return t.constraint ? `@template {${this.jsdocType(t.constraint)}} ${t.name.text}` : `@template ${t.name.text}`;
      });
      const tags = node.parameters.flatMap((p) => {
        if (!p.type) return [];
        const name = ts.isIdentifier(p.name) ? p.name.text : 'props';
        return [`@param {${this.jsdocType(p.type)}} ${p.questionToken || p.initializer ? `[${name}]` : name}`];
      });
      return [...templates, ...tags, ...(node.type ? [`@returns {${this.jsdocType(node.type)}}`] : [])];
    }
    if (ts.isVariableStatement(node)) {
      return node.declarationList.declarations.flatMap((d) => {
        if (d.type) return [`@type {${this.jsdocType(d.type)}}`];
        const init = d.initializer;
        if (init && (ts.isNewExpression(init) || ts.isCallExpression(init)) && init.typeArguments && (init.arguments ?? []).length === 0) {
          return [`@type {${init.expression.getText(this.source)}<${init.typeArguments.map((t) => this.jsdocType(t)).join(', ')}>}`];
        }
        return [];
      });
    }
    return [];
  }

  private memberTag(member: ts.TypeElement): string {
    const name = member.name ? member.name.getText(this.source) : fail(this.source, member.getStart(this.source), 'has an interface member without a name');
    if (ts.isPropertySignature(member)) {
      if (!member.type) fail(this.source, member.getStart(this.source), `leaves the interface property ${name} untyped`);
      return `{${this.jsdocType(member.type)}} ${member.questionToken ? `[${name}]` : name}`;
    }
    if (ts.isMethodSignature(member)) {
      if (member.typeParameters || !member.type) fail(this.source, member.getStart(this.source), `gives the interface method ${name} type parameters or no return type`);
      return `{(${this.parametersText(member)}) => ${this.jsdocType(member.type)}} ${name}`;
    }
    return fail(this.source, member.getStart(this.source), `has an interface member of kind ${ts.SyntaxKind[member.kind]}`);
  }

  /** A type in JSDoc: imported type names written `import("m").X`, members of type literals separated by commas. */
  private jsdocType(type: ts.TypeNode): string {
    return this.typeText(type.getStart(this.source), type.end, [type]);
  }

  /** The parameter list of a method signature as a JSDoc function type's parameters. */
  private parametersText(member: ts.MethodSignature): string {
    const { parameters } = member;
    return parameters.length === 0 ? '' : this.typeText(parameters[0].getStart(this.source), parameters[parameters.length - 1].end, parameters);
  }

  /** The source between `from` and `end` with the JSDoc rewrites of the types under `roots`. */
  private typeText(from: number, end: number, roots: readonly ts.Node[]): string {
    const edits: Array<{ start: number; end: number; text: string }> = [];
    const visit = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
        const imported = this.importedTypes.get(node.typeName.text);
        if (imported) edits.push({ start: node.typeName.getStart(this.source), end: node.typeName.end, text: imported });
      }
      if (ts.isTypeLiteralNode(node)) {
        node.members.forEach((member, index) => {
          if (this.source.text[member.end - 1] === ';') edits.push({ start: member.end - 1, end: member.end, text: index === node.members.length - 1 ? '' : ',' });
        });
      }
      ts.forEachChild(node, visit);
    };
    roots.forEach(visit);
    let text = this.text(from, end);
    for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start - from) + edit.text + text.slice(edit.end - from);
    return text;
  }
}
