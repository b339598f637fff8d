/**
 * framecat web's refusals and lines in English: what the API refuses and
 * why, and what `web` and `COMMAND --web` print. web_zh.ts has exactly these
 * keys; words_en.ts takes them in.
 */
export const WEB_EN = {
  "web.argv_list": 'argv must be a list of strings, like ["serve", "tcp://127.0.0.1:0"]',
  "web.argv_long":
    "argv is too long: at most {args} arguments and {chars} characters in all (send big messages with /send)",
  "web.only_help": "nothing to run: that argv only shows help or the version",
  "web.itself": "framecat web cannot run inside itself",
  "web.schema": "schema only prints: run framecat schema",
  "web.web": "--web is for the command line: this page shows it already",
  "web.sessions_full": "Cannot start more than {max} sessions: stop one first",
  "web.no_such_session": "no session {id}: none has had that id",
  "web.no_session": "no session {id}: it was removed (reload the page)",
  "web.no_peers": "no peer is connected to this session",
  "web.no_peer": "no peer {peer} in this session: it has left",
  "web.base64": 'Cannot read the base64 "{shown}": use A–Z a–z 0–9 + / and =',
  "web.cannot_read": "Cannot read it: {why}",
  "web.too_large":
    "the request is over {max} bytes: a file sent from the page may have {file} bytes at most (send bigger ones with connect --send-file)",
  "web.repeats_full": "Cannot start another timed send: {max} are running, stop one",
  "web.no_repeat": "no timed send {id} is running in this session: it has ended",
  "web.session_failed": "session {id} has ended with an error: nothing was sent",
  "web.session_stopped": "session {id} is stopped: nothing was sent; restart it to send again",
  "web.send_unwritten":
    "nothing was sent: the connection closed before the message was written (the peer left, or reset it)",
  "web.header_json":
    "header fields travel only in a json header, and this session frames with {framing}: start it with --framing json to send them",
  "web.send_stopped":
    "the session was stopped before the send was done: {sent} {sent|message was|messages were} sent",
  "web.own_address":
    "not sent to {peer}: that is this socket's own address (a datagram forged with it as its source), and a message sent there would only come back here",
  "web.no_rule": "no rule {id}: it was removed",
  "web.no_api": "no such API: {path}",
  "web.method_path": "{method} is not allowed on this path",
  "web.method_on": "{method} is not allowed on {path}",
  "web.rules_here":
    "this session answers no messages: reply rules are for serve and connect (not save)",
  "web.rule_number": "no rule {item}: rules are numbered from 1",
  "web.rule_give": 'give the rule: {"rule": "MATCH => RESPONSE"}',
  "web.rule_method": "{method} takes a rule's number: …/rules/N",
  "web.method_rule": "{method} is not allowed on a rule",
  "web.rule_text": '"rule" must be text: "MATCH => RESPONSE"',
  "web.boolean": '"{field}" must be true or false',
  "web.whole": '"{field}" must be a whole number from {min} to {max}',
  "web.websocket": "this is a WebSocket: connect with ws://",
  "web.not_json": "the body is not JSON: {why}",
  "web.send_object": 'the body must be a JSON object like {"text": "hello"}',
  "web.send_one": "give exactly one of text, hex or base64",
  "web.send_strings": "text, hex and base64 must be strings",
  "web.peer_field": '"peer" must be "HOST:PORT"',
  "web.header_object": '"header" must be a JSON object',
  "web.watchers_full": "too many event watchers: close some pages",
  "web.no_events": "no such event stream",
  "web.forbidden": "forbidden: {why}",
  "web.bad_host": 'the Host "{host}" is not this framecat',
  "web.bad_token": "the token is missing or wrong",
  "web.bad_origin": "requests from {origin} are not allowed",
  "web.forget_value": '"forget" must be 1 or 0, not "{value}"',
  "web.remove": "Remove from the list",
  "web.remove_named": "Remove from the list: {argv}",
} as const;
