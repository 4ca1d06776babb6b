/** `spinscope --help`. */
export const USAGE = `spinscope: inspect a Spin app's outbound permissions

Usage:
  spinscope up [DIR | -f spin.toml] [--listen ADDR] [--variable KEY=VALUE...] [--env KEY=VALUE...]
               [--runtime-config-file FILE] [--state-dir DIR] [--sqlite STATEMENT | @FILE[:LABEL]...]
               [--events-out FILE] [--watch] [--max-event-bytes SIZE] [--max-trace-bytes SIZE]
               [--rules FILE]
  spinscope ui [DIR | -f spin.toml] [--port N] [--token TOKEN] [same app options as up] [--watch]
  spinscope mcp [DIR | -f spin.toml] [same app options as up] [--watch] [--allow-writes]
  spinscope mcp --attach URL [--token TOKEN] [--allow-writes]
  spinscope hosts check --allow ENTRY [--allow ENTRY...] URL...
  spinscope hosts check --manifest spin.toml --component ID [--variable KEY=VALUE...] URL...
  spinscope hosts suggest URL...
  spinscope hosts allow [-f spin.toml] --component ID ENTRY...
  spinscope hosts what-if --events FILE.jsonl [-f spin.toml] [--component ID] [--json]
  spinscope hosts audit --events FILE.jsonl [-f spin.toml] [--component ID] [--json]

up            Runs the app like spin up (the bundled example when no app is
              given) and logs every inbound request, outbound call, denial
              and chain hop until Ctrl-C.
              --listen ADDR          address to serve on (127.0.0.1:3000)
              -e, --env KEY=VALUE    environment variable for every component, over
                                     its spin.toml environment (repeatable)
              --runtime-config-file FILE
                                     key-value stores and SQLite databases beyond the
                                     default ones, and state_dir (as spin up)
              --state-dir DIR        where the default store and database live
                                     (.spin beside spin.toml; "" keeps them in memory)
              --sqlite STATEMENT     run a statement against the default database before
                                     serving; @FILE runs a file, @FILE:LABEL on LABEL
              --events-out FILE      also write every event to FILE as JSON lines
              --watch                like spin watch: rebuild on build.watch changes,
                                     reload on spin.toml or wasm changes, in place
              --max-event-bytes SIZE memory for recorded events (256MiB); the oldest
                                     whole traces are evicted beyond it
              --max-trace-bytes SIZE one trace's share (an eighth of the above); captured
                                     bodies beyond it are kept truncated
              --rules FILE           outbound rules (stub, delay, fail, throttle, pass;
                                     docs/rules.md); .spinscope/rules.toml beside
                                     spin.toml by default, reloaded when it changes
ui            Runs the app like up and serves the inspector to a browser at
              the address it prints, http://127.0.0.1:3210/?token=..., until
              Ctrl-C. Its API refuses any request without the token. A project
              that fails to load is shown in the inspector; the last good app
              keeps serving.
              --port N               inspector port on 127.0.0.1 (3210; 0 for any free port)
              --token TOKEN          the token (a random one per run by default); any
                                     local user sees it in ps, so prefer setting
                                     SPINSCOPE_TOKEN in the environment
              --listen ADDR          address the app serves on (127.0.0.1:3000)
              -e, --env, --runtime-config-file, --state-dir, --sqlite,
              --max-event-bytes, --max-trace-bytes: as for up
              --watch                rebuild and reload on changes, as up --watch
              --rules FILE           as for up; created when the inspector first saves rules
mcp           A Model Context Protocol server on stdio for a coding agent: runs
              the app like up (its listener as usual), or attaches to a running
              spinscope ui, and answers with its traffic, denials and their fixes.
              Nothing but MCP messages goes to stdout. See docs/mcp.md.
              --attach URL           the address spinscope ui printed (its ?token=
                                     is used unless --token or SPINSCOPE_TOKEN is set)
              --token TOKEN          the token of the spinscope ui to attach to
              --allow-writes         let the agent change allowed_outbound_hosts (for
                                     the session or in spin.toml) and reload the app
              -f, --listen, --variable, -e, --runtime-config-file, --state-dir,
              --sqlite, --watch, --max-event-bytes, --max-trace-bytes, --rules: as for up
hosts check   Says, per URL, whether Spin would allow the request, which
              allowed_outbound_hosts entry allowed it or, if denied, why and
              the exact entry to add. Exit 0: all allowed; 1: any denied;
              2: bad input.
              --json                 one JSON object per URL
              --default-scheme S     scheme for URLs written without one (https)
              --variable KEY=VALUE   application variable; wins over SPIN_VARIABLE_<KEY>
hosts suggest Prints the least-privilege allowed_outbound_hosts for the URLs
              given, as a TOML array ready to paste into spin.toml.
hosts allow   Adds the entries (say, the one a denial suggested) to the
              component's allowed_outbound_hosts in spin.toml, changing
              nothing else in the file; up --watch and ui --watch reload it.
              Entries are checked with Spin's rules first.
hosts what-if Replays the outbound calls of a recorded session (the file
              up --events-out wrote) against spin.toml's allowed_outbound_hosts
              as they are now, and prints each call whose decision would change
              (allowed -> denied, denied -> allowed), with the entry that allowed
              it. Exit 0: no allowed call would be denied; 1: one would; 2: bad input.
              --json                 one JSON object per component
              --variable KEY=VALUE   application variable; wins over SPIN_VARIABLE_<KEY>
hosts audit   Per component of spin.toml, the allowed_outbound_hosts entries that
              allowed no call of the recorded session (unused), those broader than
              the calls need and why, and the narrowest list that still allows
              every call the list allows ({{ var }} templates kept as written).
              --json, --variable: as for what-if
`;
