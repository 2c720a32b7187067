/**
 * Size limits of the API. They keep every event well inside API Gateway's 32 KB WebSocket frame, so a
 * normal message is always pushed whole; the fan-out's pointer event is only a safety net.
 */
export const LIMITS = {
  /** Largest message body, in UTF-8 bytes. Larger is `payload_too_large`. */
  messageBodyBytes: 16 * 1024,
  /** Largest request body of any route, in bytes. Larger is `payload_too_large`. */
  requestBodyBytes: 64 * 1024,
  /** Deepest nesting of objects and lists in a JSON body or WebSocket message. Deeper is `bad_request`. */
  jsonNestingDepth: 32,
  /** Largest WebSocket message a client may send, in bytes (API Gateway's own limit is 128 KB). */
  webSocketMessageBytes: 128 * 1024,
  /** Page size when `limit` is not given. */
  defaultPageSize: 50,
  /** Largest `limit` of a page. */
  maxPageSize: 100,
  /** Longest group name, in characters. */
  groupNameChars: 100,
  /** Longest group description, in characters. */
  groupDescriptionChars: 1000,
  /** Longest note sent with an application, in characters. */
  applicationMessageChars: 1000,
  /** Longest rejection reason, in characters. */
  rejectionReasonChars: 500,
  /** Longest search text, in characters. */
  searchQueryChars: 100,
  /** Most users one message may mention. */
  mentionsPerMessage: 20,
  /** Longest reaction emoji, in UTF-8 bytes. */
  emojiBytes: 32,
  /** Most distinct emoji one message may carry as reactions. */
  reactionsPerMessage: 20,
  /** Most people `GET …/messages/{messageId}/reactions` names per emoji (the count is always whole). */
  reactorsListed: 50,
} as const;
