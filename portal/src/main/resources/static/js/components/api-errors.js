/**
 * Turns an API error into a sentence for the operator. The server's codes say what went wrong; its messages are
 * written for developers (ids, parameter names), so they are kept only as a detail after a readable sentence.
 * `what` names the action, e.g. "Acknowledging the alert".
 */
const BY_CODE = {
  0: 'the server cannot be reached; check the connection and try again',
  401: 'your session has ended; sign in again',
  99400: 'the server refused the input',
  99401: 'your session has ended; sign in again',
  99403: 'your role does not allow this',
  99404: 'it no longer exists (someone may have changed or removed it meanwhile); the list is refreshed',
  99409: 'it conflicts with an existing record',
  99500: 'the server failed; try again later',
  11900: 'the device is offline',
  11902: 'the device has too many waiting commands',
  11904: 'the command could not be sent to the device',
  11915: 'the device did not answer in time',
};

export function readable(error, what = 'The request') {
  const code = error?.code ?? 0;
  const reason = BY_CODE[code] ?? (error?.status >= 500 ? BY_CODE[99500] : 'the server refused it');
  // a bad argument names the field and the rule, which the user can act on; other messages are technical
  const detail = code === 99400 || code === 99409 ? cleaned(error?.message) : '';
  return `${what} failed: ${reason}${detail ? ` (${detail})` : ''}.`;
}

/** The field's own message without a trailing period. */
function cleaned(message) {
  return String(message ?? '').trim().replace(/\.$/, '');
}
