/**
 * Mistakes on the command line in English: a value an option cannot take,
 * options that do not go together, an endpoint that cannot be read, and
 * commander's own refusals (an unknown option, a missing argument), said
 * here rather than in commander's words. usage_zh.ts has exactly these keys.
 */
export const USAGE_EN = {
  "usage.option_value": "{option}: {reason}",
  "usage.choices": 'Cannot use "{value}": the choices are {choices}',
  "usage.unknown_option": "unknown option '{option}': {command} --help lists the options",
  "usage.unknown_option_like": "unknown option '{option}' (did you mean {like}?)",
  "usage.unknown_command": "unknown command '{command}': the commands are {commands}",
  "usage.unknown_command_like": "unknown command '{command}' (did you mean {like}?)",
  "usage.missing_value": "{option} needs a value: {flags}",
  "usage.missing_choice": "{option} needs a value, one of: {choices}",
  "usage.missing_argument": "missing required argument '{name}'",
  "usage.missing_endpoint":
    "missing the endpoint: give PORT, HOST:PORT, HOST PORT, tcp://HOST:PORT, udp://HOST:PORT, unix:PATH, or socat's {socat}",
  "usage.missing_endpoint_named":
    "missing the {name}: give PORT, HOST:PORT, tcp://HOST:PORT, udp://HOST:PORT, unix:PATH, or socat's {socat}",
  "usage.too_many": "too many arguments for '{command}': it takes {expected}, got {got}: {given}",
  "usage.help_topic":
    'Cannot show help for "{topic}": no such command; the commands are {commands}',
  "usage.nc_l": "-l is nc's listen: framecat listens with `framecat serve PORT`",
  "usage.nc_l_listens": "-l is nc's listen: `framecat {command}` listens already; leave -l out",
  "usage.nc_u": "-u is nc's UDP: write the endpoint as udp://HOST:PORT",
  "usage.nc_k": "-k is nc's keep listening: `framecat serve` always does (--once stops after one)",
  "usage.nc_N": "-N is nc's shutdown on EOF: use --half-close",
  "usage.nc_C": "-C is nc's CRLF: use --crlf",
  "usage.nc_w": "-w is nc's timeout: use --wait MS",
  "usage.nc_z":
    "-z is nc's port scan: framecat tries one port with `framecat connect HOST PORT --wait 0 < /dev/null` (exit 0 when something listens there, 1 when nothing does)",
  "usage.nc_q":
    "-q is nc's wait after the end of input: use --wait MS (without a terminal, connect waits 1000 ms after the last send or reply); framecat's own -q (quiet) goes after the command",
  "usage.nc_4": "-4 is nc's IPv4 only: write an IPv4 address, such as 127.0.0.1, instead of a name",
  "usage.nc_6": "-6 is nc's IPv6 only: write an IPv6 address, such as [::1], instead of a name",
  "usage.nc_e":
    "-e is nc's program to run: framecat runs each message as a command with --behavior exec (loopback only unless --exec-public); framecat's -e (--escapes) is for lines typed to --behavior print or --behavior chat",
  "usage.nc_e_program":
    "-e {program} is nc's program to run: framecat's -e (--escapes) takes no value; framecat runs each message as a command on the serving side, with framecat serve PORT --behavior exec",
  "usage.iperf_b":
    "-b is iperf3's bitrate: use --rate 10Mbit (bits/s), --rate 10MB (bytes/s) or --rate 5000pps",
  "usage.iperf_t": "-t is iperf3's time: use --duration S (or --count N)",
  "usage.iperf_P": "-P is iperf3's parallel streams: run one `framecat flood` per stream",
  "usage.iperf_R":
    "-R is iperf3's reverse: run `framecat sink` where the flood was, and `framecat flood` where the sink was",
  "usage.iperf_J": "-J is iperf3's JSON: use --output json",
  "usage.command_moved": "the command comes first: `framecat {command} {rest}`",
  "usage.command_first": "a command comes first: to connect as nc does, `framecat connect {given}`",
  "usage.command_first_port":
    "a command comes first: to connect as nc does, `framecat connect {given}`; to listen, `framecat serve {given}`",
  "usage.one_endpoint":
    'Cannot use "{given}": `{command}` takes one endpoint (PORT, HOST:PORT or HOST PORT)',
  "usage.one_endpoint_serve":
    'Cannot use "{given}": a server takes one endpoint (PORT, HOST:PORT or HOST PORT); for two ports, run two servers',
  "usage.not_here": "{option} does nothing here: it applies to {where}",
  "usage.raw_output": "--output raw does nothing for {command}: it applies to serve and connect",
  "usage.check_targets": "Cannot check: name the servers, as endpoints or with --targets FILE",
  "usage.unknown_check":
    'Cannot run the check "{name}": it is neither a built-in check ({checks}) nor a scenario file',
  "usage.check_prefix": "--prefix does nothing here: it applies to {checks}",
  "usage.check_prefix_scenario": "--prefix does nothing here: a scenario file names its own prefix",
  "usage.ways_not_run": "--ways {way} does nothing here: {check} runs {ways}",
  "usage.flood_size":
    "Cannot flood UDP with --size {size}: a probe is {min} to {max} bytes (its header takes {min})",
  "where.save": "--behavior save",
  "where.exec": "--behavior exec",
  "where.chat": "--behavior chat",
  "where.typing": "--behavior print or chat (lines typed on stdin)",
  "where.line":
    "--framing line (or --send-framing line), or lines typed to --behavior print or chat",
  "where.messages": "messages, not the files of --behavior save",
  "where.sends": "--send and --send-hex (it repeats them)",
  "where.pause": "--send and --send-hex (the pause between them)",
  "where.line_raw": "--framing line or raw",
  "where.text": "--send text and typed lines, not --send-file",
  "where.typed": "typed or piped lines",
  "where.not_file": "messages, not --send-file",
  "where.prefixed": "--framing len or json (the frames that begin with a length)",

  "usage.whole_number_min": 'Cannot use "{value}": it must be a whole number, {min} or more',
  "usage.whole_number": 'Cannot use "{value}": it must be a whole number from {min} to {max}',
  "usage.header_field": 'Cannot read the header "{value}": use KEY=VALUE',
  "usage.header_own": 'Cannot set the header "{key}": framecat writes it from the body',
  "usage.size_form": 'Cannot read the size "{value}": use a byte count like 1024, 64KiB or 16MiB',
  "usage.size_range": 'Cannot use the size "{value}": it must be from {min} to {max}',
  "usage.size_fraction":
    'Cannot use the size "{value}": it is {bytes} bytes, and a size is whole bytes (like 2, 2764 or 2.5KiB)',
  "usage.duration_form_ms":
    'Cannot read the duration "{value}": use a number of milliseconds, or 250ms, 2s, 1m',
  "usage.duration_form_s":
    'Cannot read the duration "{value}": use a number of seconds, or 250ms, 2s, 1m',
  "usage.duration_max": 'Cannot use the duration "{value}": at most {max} s',
  "usage.duration_zero": 'Cannot use the duration "{value}": it must be more than 0',
  "usage.interval_bare":
    'Cannot use the interval "{value}": a bare number is milliseconds, as on every command; write {value}s for seconds, or {value}ms',
  "usage.rate_form":
    'Cannot read the rate "{value}": use 5000pps (packets/s), 10Mbit (bits/s), 1MB or 1MiB (bytes/s), or a number in the command\'s own unit',
  "usage.rate_unit":
    'Cannot use the rate "{value}": say what it counts: {bits} (bits/s), {bytes} (bytes/s), or packets like 5000pps (flood)',
  "usage.rate_max": 'Cannot use the rate "{value}": it is above 1 TB/s',
  "usage.rate_bytes":
    'Cannot use the rate "{value}": the relay paces bytes, not packets: use 10Mbit (bits/s), 1MB or 1MiB (bytes/s), or bytes per second',
  "usage.rate_tcp_packets":
    "--rate in packets is for UDP: a TCP flood paces bytes (a stream has no packets of its own); use 10Mbit (bits/s), 1MB or 1MiB (bytes/s), or bytes per second",
  "usage.rate_min": 'Cannot use the rate "{value}": it must be at least 1 byte per second',
  "usage.percent": 'Cannot use the percentage "{value}": it must be from 0 to 100',
  "usage.range_form": 'Cannot read the range "{value}": use MIN-MAX or N, e.g. 1-3',
  "usage.range_bounds": 'Cannot use the range "{value}": values must be from {min} to {max}',
  "usage.range_order": 'Cannot use the range "{value}": MIN {min} is larger than MAX {max}',
  "usage.delay_form": 'Cannot read the delay "{value}": use MS or MS:JITTER, e.g. 100:20',
  "usage.delay_max": 'Cannot use the delay "{value}": at most 60000 ms',
  "usage.delay_jitter":
    'Cannot use the delay "{value}": jitter {jitter} ms is larger than the delay {ms} ms',
  "usage.timeout_max": 'Cannot use "{value}": the most is 60000 ms',
  "usage.timeout_tiny":
    'Cannot use "{value}": a number alone is milliseconds, and {value} ms is less than a reply takes; for seconds write {value}s',
  "usage.prefix":
    "Cannot use \"{value}\": the choices are {prefixes}, or a Python struct code such as i (struct.pack('i'): u32le), !I (u32be), H, Q, B",
  "usage.ways": 'Cannot use "{value}": name ways from {ways}, comma-separated',
  "usage.web_address": 'Cannot serve the page on "{value}": use [HOST:]PORT (it is HTTP over TCP)',
  "usage.web_public":
    "The web page refuses to listen on {host}: anyone who reaches it can start commands here; add --web-public if you mean it",
  "usage.alpn": 'Cannot use "{value}": list protocols separated by commas, e.g. h2,http/1.1',
  "usage.read_file": 'Cannot read "{path}": {error}',
  "usage.pem_block": '"{path}" holds no PEM {kind} block',
  "usage.key_encrypted":
    '"{path}" is encrypted: framecat needs the key unencrypted (openssl pkey -in {path} -out {plain})',

  "usage.endpoint":
    'Cannot use the endpoint "{value}": {why} (use tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT, unix:PATH, HOST:PORT or PORT)',
  "endpoint.socat_option":
    'socat\'s option "{option}" is not taken (fork and reuseaddr are what framecat does)',
  "endpoint.socat_unsupported": "Cannot use socat's {type}: framecat {why}",
  "usage.socat_stdio":
    "socat's - (STDIO) is framecat's own side: stdin and stdout are always joined, so name only the other address: framecat connect TCP:HOST:PORT",
  "endpoint.socat_proxy":
    "connects to the server itself, not through a proxy (put socat in front for that)",
  "endpoint.socat_exec":
    "runs a command for each message instead: `framecat serve PORT --behavior exec`",
  "endpoint.socat_ipv6":
    "takes IPv6 as an address in brackets: {scheme}://[::]:PORT (every address) or {scheme}://[::1]:PORT (this machine)",
  "endpoint.socat_tls_options": "socat's {options} is framecat's {flags}: write {endpoint} {flags}",
  "endpoint.socat_listen":
    "{type} is socat's listening form; to connect, name the host: TCP:HOST:PORT",
  "endpoint.port_zero":
    "port 0 means any free port to listen on: nothing can be reached there; give the server's port",
  "endpoint.path_empty": "the socket path is empty",
  "endpoint.path_nul": "the socket path contains a NUL byte",
  "endpoint.path_long":
    "the socket path is {bytes} bytes; a unix socket's path holds at most {max}",
  "endpoint.openssl": "OPENSSL: is followed by HOST:PORT",
  "endpoint.scheme": 'unknown scheme "{scheme}"',
  "endpoint.v6_close": "an IPv6 literal needs a closing ]",
  "endpoint.v6_bad": '"{host}" is not an IPv6 address',
  "endpoint.v6_port": "an IPv6 literal must be followed by :PORT",
  "endpoint.v6_brackets": "write IPv6 addresses in brackets, like [::1]:9000",
  "endpoint.host_bad": '"{host}" is not a host name or address',
  "endpoint.v4_bad":
    '"{host}" is not an IPv4 address: it takes four numbers from 0 to 255, like 10.0.0.1',
  "endpoint.port_bad": 'the port "{port}" must be a number from 0 to 65535',
  "endpoint.port_missing": 'no port after "{host}": write {host}:PORT, e.g. {host}:9000',

  "usage.varint_json": "--prefix varint goes with --framing len only (json takes a fixed prefix)",
  "usage.ttl_group":
    "--ttl sets the hop limit of a group like udp://239.1.2.3:5000 or udp://[ff02::1:3]:5000",
  "usage.no_loop_group":
    "--no-loop is for a group like udp://239.1.2.3:5000 or udp://[ff02::1:3]:5000",
  "usage.ttl_v6":
    "--ttl applies to IPv4 groups: an IPv6 group's hop limit stays 1 (this link only)",
  "usage.iface_group":
    "--iface picks the interface of a group like udp://239.1.2.3:5000 or udp://[ff02::1:3]:5000",
  "usage.escapes_hex": "-e reads escapes in text: --input hex lines are bytes already, drop -e",
  "usage.exec_public":
    "--behavior exec refuses to listen on {host}: anyone who can reach it runs commands here; add --exec-public if you mean it",
  "usage.save_udp": "--behavior save needs a stream: use tcp:// or unix:, not udp://",
  "usage.save_json": "--behavior save receives files with --framing json",
  "usage.serial_udp": "--serial is for TCP and unix servers (a UDP server has no connections)",
  "usage.send_over_prefix":
    "a --send of {longest} bytes does not fit --prefix {prefix}, which says at most {capacity}",
  "usage.send_file_alone": "--send-file goes alone: drop --send/--send-hex",
  "usage.send_file_twice":
    'Cannot send "{path}" too: connect sends one file ("{first}"); run it once for each file',
  "usage.header_json": "--header needs --framing json (or --send-framing json)",
  "usage.coalesce_udp":
    "--coalesce merges writes on a stream; over UDP every send is a datagram of its own",
  "usage.coalesce_file": "--coalesce groups small messages; --send-file sends one, streamed",
  "usage.half_close_udp": "--half-close is for TCP and unix (UDP has no write side to shut)",
  "usage.relay_mixed": "relay LISTEN and TARGET must both be UDP or both be streams (tcp/unix)",
  "usage.relay_tcp_fault": "{option} is a TCP fault; this relay is UDP",
  "usage.relay_udp_fault": "{option} is a UDP fault; this relay is TCP",
  "usage.relay_udp_only":
    "{option} is for a UDP relay (a session silent that long ends); this relay is TCP, whose links end with their connections",
  "usage.relay_itself":
    "relay TARGET {target} is its own LISTEN address: it would relay to itself until out of descriptors; pick the server's address",
  "usage.relay_endings": "{first} and {last} each end the forwarding; give only one",
  "usage.reset_unix":
    "--reset-after needs a TCP client side (a unix socket has no reset); use --close-after",
  "usage.count_duration": "--count and --duration exclude each other: pick one",
  "usage.flood_unix": "flood speaks tcp:// or udp://",
  "usage.rtt_tcp": "--rtt measures UDP round trips against an echo server: use udp://",
  "usage.tls_option": "{option} is a TLS option: use a tls://HOST:PORT endpoint",
  "usage.tls_client_only":
    "{option} is for a tls:// endpoint we connect to (connect, flood, a relay's target)",
  "usage.tls_server_only":
    "{option} is for a tls:// endpoint we listen on (serve, sink, a relay's first endpoint)",
  "usage.tls_ca_server":
    "{option} is for a tls:// endpoint we connect to (connect, flood, a relay's target); Deno's TLS server cannot ask clients for certificates, so it has none to verify",
  "usage.cert_key": "--cert and --key go together: give both, or neither",
  "usage.servername_cert":
    "--servername with a client certificate (--cert) is not possible with Deno's TLS yet: connect by that name instead",
  "usage.ca_out_cert":
    "--ca-out writes the throw-away CA, made only without --cert: give clients your own CA",
  "usage.reset_tls":
    "--reset-after is not available with tls:// yet; use --close-after, or relay plain tcp://",
} as const;
