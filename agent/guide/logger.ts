/** The little of the framework's logger (pino) that the guide's room modules use, so that they name no logging library. */
export type Logger = {
  info: (object: object, message?: string) => void;
  warn: (object: object, message?: string) => void;
};
