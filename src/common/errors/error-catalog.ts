import type { COMMON_ERRORS } from './common.errors.js';

/**
 * Error codes as data. Each module declares its codes (HTTP status, description) and the database
 * constraints whose violation means one of them in `<module>.errors.ts` with `defineErrors`; the
 * application composes the modules' declarations once, at boot, from the explicit list in
 * `src/errors.ts`. The one mapping to HTTP (`toErrorResponse`) and the OpenAPI document read the
 * composed `ErrorCatalog`; nothing is registered by importing a file.
 */
export interface ErrorSpec {
  status: number;
  description: string;
}

export interface ConstraintSpec<C extends string = string> {
  /** The code a violation of this constraint answers with. */
  code: C;
  message: string;
  /**
   * The raising function's DETAIL is a JSON object (e.g. the sessions or talks that break the rule),
   * returned to the client inside `details` next to the constraint's name.
   */
  jsonDetail?: boolean;
}

export interface ModuleErrors<C extends string = string> {
  /** The module (folder under src/) that owns these codes and constraints. */
  module: string;
  codes: Readonly<Record<C, ErrorSpec>>;
  /** Constraint (or unique index) name → the code its violation answers with. */
  constraints: Readonly<Record<string, ConstraintSpec>>;
  /**
   * Constraints of the module's tables that deliberately answer with the generic mapping of their
   * SQLSTATE (23505 DUPLICATE, 23514/23503/23P01 CONFLICT): backstops that the service checks first.
   */
  generic: readonly string[];
}

/** Declares a module's codes and constraints (data only: no side effect). */
export function defineErrors<const C extends string>(spec: {
  module: string;
  codes: Record<C, ErrorSpec>;
  constraints?: Record<string, ConstraintSpec<NoInfer<C> | GenericCode>>;
  generic?: readonly string[];
}): ModuleErrors<C> {
  return { module: spec.module, codes: spec.codes, constraints: spec.constraints ?? {}, generic: spec.generic ?? [] };
}

/** Codes every module may use (declared in common.errors.ts). */
export type GenericCode = keyof typeof COMMON_ERRORS.codes;

export interface CatalogEntry extends ErrorSpec {
  code: string;
  module: string;
}

/** The composed table of every module's codes and constraints. */
export class ErrorCatalog {
  private readonly codes = new Map<string, CatalogEntry>();
  private readonly constraintCodes = new Map<string, ConstraintSpec & { module: string }>();
  private readonly genericConstraints = new Map<string, string>();

  /** Composes the modules' declarations; a code or constraint declared twice is a boot error. */
  constructor(modules: readonly ModuleErrors[]) {
    for (const m of modules) {
      for (const [code, spec] of Object.entries<ErrorSpec>(m.codes)) {
        const other = this.codes.get(code);
        if (other) throw new Error(`error code ${code} is declared by both ${other.module} and ${m.module}`);
        this.codes.set(code, { code, module: m.module, ...spec });
      }
    }
    for (const m of modules) {
      for (const [name, spec] of Object.entries(m.constraints)) {
        if (this.constraintCodes.has(name) || this.genericConstraints.has(name)) throw new Error(`constraint ${name} is mapped twice`);
        if (!this.codes.has(spec.code)) throw new Error(`constraint ${name} (${m.module}) maps to the unknown code ${spec.code}`);
        this.constraintCodes.set(name, { ...spec, module: m.module });
      }
      for (const name of m.generic) {
        if (this.constraintCodes.has(name) || this.genericConstraints.has(name)) throw new Error(`constraint ${name} is mapped twice`);
        this.genericConstraints.set(name, m.module);
      }
    }
  }

  has(code: string): boolean {
    return this.codes.has(code);
  }

  /** The HTTP status of a code (500 for a code nobody declared). */
  status(code: string): number {
    return this.codes.get(code)?.status ?? 500;
  }

  get(code: string): CatalogEntry | undefined {
    return this.codes.get(code);
  }

  entries(): CatalogEntry[] {
    return [...this.codes.values()];
  }

  /** What a violated constraint means to clients, when a module declared it. */
  constraint(name: string): ConstraintSpec | undefined {
    return this.constraintCodes.get(name);
  }

  /** Is this constraint accounted for (mapped to a code, or declared generic)? */
  covers(name: string): boolean {
    return this.constraintCodes.has(name) || this.genericConstraints.has(name);
  }
}
