import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { AUTH_RULE } from '../../src/access/auth.decorator.js';
import { IS_PUBLIC } from '../../src/common/decorators/public.decorator.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Every route must say who may call it: `@Public()`, or `@Auth(...)` / `@AuthFor(...)` /
 * `@AdminOnly()`. The global guard denies undeclared routes anyway; this keeps the intent explicit
 * and reviewable, and fails the build on a route that forgot to say.
 */
describe('every route declares who may call it', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('finds no route that is neither public nor guarded', () => {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = t.app.get(Reflector);
    const routes: { route: string; declared: boolean }[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const targets = [handler, wrapper.metatype as object];
        const declared = reflector.getAllAndOverride(IS_PUBLIC, targets as never) === true || reflector.getAllAndOverride(AUTH_RULE, targets as never) !== undefined;
        routes.push({ route: `${wrapper.name}.${name} ${Reflect.getMetadata(PATH_METADATA, handler)}`, declared });
      }
    }
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !r.declared)).toEqual([]);
  });
});
