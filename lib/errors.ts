/** Every error code of spec §7 with its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  AGENT_PAIRING_PROOF_REQUIRED: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AGENT_AUTH_REQUIRED: 401,
  AGENT_AUTH_INVALID: 401,
  AGENT_AUTH_EXPIRED: 401,
  AGENT_PAIRING_PROOF_INVALID: 401,
  AGENT_PAIRING_PROOF_EXPIRED: 401,
  MACHINE_IDENTITY_PROOF_INVALID: 401,
  MACHINE_IDENTITY_PROOF_EXPIRED: 401,
  FORBIDDEN: 403,
  AGENT_POLICY_DENIED: 403,
  AGENT_SPEND_LIMIT_EXCEEDED: 403,
  AGENT_DAILY_LIMIT_EXCEEDED: 403,
  NOT_FOUND: 404,
  MACHINE_NOT_ACTIVE: 409,
  MACHINE_NOT_ACTIVATED: 409,
  MACHINE_IDENTITY_PROOF_REQUIRED: 409,
  MACHINE_IDENTITY_EXISTS: 409,
  MACHINE_IDENTITY_IMMUTABLE: 409,
  AGENT_PAIRING_REQUIRED: 409,
  AGENT_PAIRING_INACTIVE: 409,
  AGENT_PAIRING_EXISTS: 409,
  OPEN_MARKET_ORDERS: 409,
  ORDER_CLOSED: 409,
  INVALID_ORDER_STATE: 409,
  QUOTE_EXPIRED: 410,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  AGENT_PAIRING_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what = "Resource") => new ApiError("NOT_FOUND", `${what} not found.`);
