import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../src/contract/limits';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../src/contract/openapi';
import { ROUTES } from '../../src/contract/routes';

const committed = () => readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8');

describe('openapi.json', () => {
  test('is what `npm run openapi` writes from the current schemas', () => {
    // When this fails, run `npm run openapi` and commit openapi.json.
    expect(committed()).toBe(renderOpenApiDocument());
  });

  test('has one operation per route of the contract, with its success status', () => {
    const document = buildOpenApiDocument();
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations).toHaveLength(Object.keys(ROUTES).length);
    for (const route of Object.values(ROUTES)) {
      const operation = document.paths[route.path][route.method.toLowerCase()] as { operationId: string; responses: Record<string, unknown> };
      expect(operation.operationId).toBe(route.operationId);
      expect(operation.responses[String(route.status)]).toBeDefined();
    }
  });

  test('every $ref points at a schema or response the document defines', () => {
    const document = buildOpenApiDocument();
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    const components = document.components as Record<string, Record<string, unknown>>;
    for (const [, kind, name] of refs) expect(components[kind][name]).toBeDefined();
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
  });

  test('documents the limits the handlers enforce, from the same schemas', () => {
    const schemas = buildOpenApiDocument().components.schemas as Record<string, { properties: Record<string, { maxLength?: number }> }>;
    expect(schemas.CreateGroupBody.properties.name.maxLength).toBe(LIMITS.groupNameChars);
    const listMessages = buildOpenApiDocument().paths['/groups/{groupId}/messages'].get as { parameters: { name: string; in: string; schema: { maximum?: number } }[] };
    expect(listMessages.parameters.find((parameter) => parameter.name === 'limit')?.schema.maximum).toBe(LIMITS.maxPageSize);
    expect(listMessages.parameters.find((parameter) => parameter.name === 'groupId')?.in).toBe('path');
  });

  test('postMessage documents both the new (201) and the retried (200) answer', () => {
    const post = buildOpenApiDocument().paths['/groups/{groupId}/messages'].post as { responses: Record<string, unknown>; requestBody: { required: boolean } };
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '413']));
    expect(post.requestBody.required).toBe(true);
  });
});
