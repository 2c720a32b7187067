import * as z from 'zod';
import { ERROR_STATUS, ErrorCode } from './errors';
import { LIMITS } from './limits';
import { ROUTES, RouteName, RouteSpec } from './routes';
import { TEXT_RULE } from './text';

/*
 * The OpenAPI 3.1 document of the REST API, generated from the very schemas the handlers validate with
 * (`npm run openapi` writes `openapi.json`; a test fails when the committed file is stale).
 */

type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> } & Record<string, unknown>;
};

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

/** Shared schemas (those with a `.meta({ id })`), collected from every converted schema. */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** `schema` as JSON Schema with its named parts moved to `components.schemas`. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as JsonSchema;
    const rewritten = JSON.parse(JSON.stringify(json).replaceAll(`"${DEFS}`, `"${COMPONENTS}`)) as JsonSchema;
    const { $schema: _dialect, $defs: defs, ...rest } = rewritten;
    for (const [id, def] of Object.entries((defs ?? {}) as Record<string, JsonSchema>)) this.add(id, def);
    return rest;
  }

  private add(id: string, def: JsonSchema): void {
    const existing = this.schemas[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
      throw new Error(`The schema "${id}" converts differently in two places (request and response?): give one of them another id.`);
    }
    this.schemas[id] = def;
  }
}

/** Path or query parameters from an object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: SchemaComponents): Record<string, unknown>[] {
  if (!schema) return [];
  const json = components.convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  bad_request: `The request is malformed; the message names each field at fault. ${TEXT_RULE}`,
  unauthorized:
    'No valid token. API Gateway\'s JWT authorizer refuses it before any handler runs, with its own body `{"message": "Unauthorized"}` ' +
    '(clients map it to the code `unauthorized`); the handlers\' own 401s carry the error shape.',
  forbidden: 'The caller may not do this.',
  not_found: 'No such group, application, member or message (or not visible to the caller).',
  conflict: 'The request conflicts with the current state (for example an application already decided).',
  payload_too_large: `The request body is over ${LIMITS.requestBodyBytes} bytes, or a message body over ${LIMITS.messageBodyBytes} bytes.`,
  unsupported_media_type: 'The request has a body that is not sent as `application/json`.',
  rate_limited:
    "Over the caller's rate limit: sending, editing, reacting and applying each have a token bucket per user (10 per second, " +
    'burst 20, unless the deployment sets otherwise); `Retry-After` says in how many seconds to try again. A stage with ' +
    'throttling set answers 429 `{"message": "Too Many Requests"}` by itself, without it.',
  unavailable: 'The service could not complete the request; try again shortly.',
};

const RETRY_AFTER = {
  description: 'Whole seconds (rounded up) until the request will be taken.',
  schema: { type: 'integer', minimum: 0 },
};

/** The error responses a route can give. */
function errorCodes(route: RouteSpec): ErrorCode[] {
  const codes: ErrorCode[] = ['bad_request', 'unauthorized', 'forbidden', 'not_found'];
  if (route.method !== 'GET') codes.push('conflict');
  if (route.body) codes.push('payload_too_large', 'unsupported_media_type');
  codes.push('rate_limited', 'unavailable');
  return codes;
}

/** Successful answers beyond the route's own status. */
const OTHER_SUCCESSES: Partial<Record<RouteName, { status: number; description: string }>> = {
  postMessage: { status: 200, description: 'A message with this id was posted before: the stored message, unchanged.' },
};

function operation(name: RouteName, route: RouteSpec, components: SchemaComponents): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const content = { 'application/json': { schema: components.convert(route.response, 'output') } };
  responses[String(route.status)] = route.status === 204 ? { description: 'Done.' } : { description: 'Success.', content };
  const other = OTHER_SUCCESSES[name];
  if (other) responses[String(other.status)] = { description: other.description, content };
  for (const code of errorCodes(route)) responses[String(ERROR_STATUS[code])] = { $ref: `#/components/responses/${code}` };

  const body = route.body;
  return {
    operationId: route.operationId,
    summary: route.summary,
    parameters: [...parameters(route.params, 'path', components), ...parameters(route.query, 'query', components)],
    ...(body
      ? {
          requestBody: {
            // A body whose fields are all optional may be left out.
            required: !body.safeParse({}).success,
            content: { 'application/json': { schema: components.convert(body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the contract's REST routes. */
export function buildOpenApiDocument(): OpenApiDocument {
  const components = new SchemaComponents();
  const paths: OpenApiDocument['paths'] = {};
  for (const [name, route] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(name, route, components);
  }
  const errorBody = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { code: { type: 'string', enum: Object.keys(ERROR_STATUS) }, message: { type: 'string' } },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    },
    required: ['error'],
    additionalProperties: false,
  };
  const responses = Object.fromEntries(
    (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => [
      code,
      {
        description: `\`${code}\`: ${ERROR_DESCRIPTIONS[code]}`,
        ...(code === 'rate_limited' ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
        content: {
          'application/json': {
            schema: code === 'unauthorized' || code === 'rate_limited' ? { oneOf: [{ $ref: `${COMPONENTS}GatewayMessage` }, { $ref: `${COMPONENTS}Error` }] } : { $ref: `${COMPONENTS}Error` },
          },
        },
      },
    ]),
  );
  // What API Gateway answers by itself (its authorizers' refusals, its throttling); the body cannot be changed there.
  const gatewayMessage = {
    type: 'object',
    properties: { message: { type: 'string', examples: ['Unauthorized', 'Forbidden', 'Too Many Requests'] } },
    required: ['message'],
    additionalProperties: false,
  };
  const sortedSchemas = Object.fromEntries(
    Object.entries({ ...components.schemas, Error: errorBody, GatewayMessage: gatewayMessage }).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'pulumi-groupchat REST API',
      version: '1',
      description: [
        'The REST API of the group chat. The same paths are served by the API Gateway HTTP API on AWS and under `/api` by the local runtime.',
        'Every request carries the Cognito ID token as `Authorization: Bearer <token>`; the user is its `sub`.',
        `Limits: request bodies up to ${LIMITS.requestBodyBytes} bytes, message bodies up to ${LIMITS.messageBodyBytes} UTF-8 bytes,`,
        `pages of 1 to ${LIMITS.maxPageSize} items (${LIMITS.defaultPageSize} by default), JSON nested at most ${LIMITS.jsonNestingDepth} deep.`,
        TEXT_RULE,
        'Errors are `{"error": {"code", "message"}}`, except the authorizer\'s 401 `{"message": "Unauthorized"}`.',
        'The WebSocket API (`wss://…?token=<ID token>`, locally `/ws`) refuses an upgrade whose token is missing, invalid or expired with 401',
        '`{"message": "Unauthorized"}` (its REQUEST authorizer) and one its authorizer policy or `$connect` route denies with 403',
        '`{"message": "Forbidden"}`; a browser sees only a closed socket, so clients ask the REST API (a 401 there) before signing the user out.',
      ].join(' '),
    },
    security: [{ idToken: [] }],
    paths,
    components: {
      schemas: sortedSchemas,
      responses,
      securitySchemes: { idToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The Cognito ID token.' } },
    },
  };
}

/** The document as `openapi.json` holds it. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
