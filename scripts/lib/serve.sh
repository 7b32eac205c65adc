# Shared by the scripts that run a server: source it from the repository's root.

# podium_binary [BINARY]: the given binary, else the debug build (built now).
podium_binary() {
  if [ -n "${1:-}" ]; then echo "$1"; return; fi
  swift build --product podium >/dev/null
  echo .build/debug/podium
}

# demo_store PODIUM WORK: runs the demo and adds team foxtrot (Ada, Alan) to breast-cancer; sets
# $store, $instructor and $team (foxtrot's token).
demo_store() {
  local podium=$1 work=$2 demo
  demo=$("$podium" demo)
  store=$(grep -o '/tmp/podium-demo-[A-Za-z0-9]*/store' <<<"$demo" | head -1)
  instructor=$(grep -o 'instructor_[A-Za-z0-9_-]*' <<<"$demo" | head -1)
  printf 'student_id,name,email,team\n99000001,Ada Lovelace,ada@etu.example.fr,foxtrot\n99000002,Alan Turing,alan@etu.example.fr,foxtrot\n' >"$work/roster.csv"
  "$podium" roster import "$work/roster.csv" --challenge breast-cancer --data "$store" --tokens-out "$work/tokens.csv" >/dev/null
  team=$(tail -1 "$work/tokens.csv" | cut -d, -f2)
}

# published_store PODIUM WORK SLUG: a new store in $WORK/store with one example published.
published_store() {
  local podium=$1 work=$2 slug=$3
  "$podium" pack "challenges/$slug" --output "$work/bundle" >/dev/null
  "$podium" publish "$work/bundle/$slug"-v*.podium --data "$work/store" >/dev/null
  store="$work/store"
}

# serve PODIUM STORE PORT WORK: `podium serve` in the background until the script ends (WORK
# is removed then too), once it answers; sets $server and $url. (stdbuf: an earlier binary
# kept its token line in its output buffer.)
serve() {
  local podium=$1 data=$2 port=$3 work=$4
  stdbuf -oL "$podium" serve --data "$data" --port "$port" >"$work/serve.log" 2>&1 &
  server=$!
  # shellcheck disable=SC2064
  trap "kill $server 2>/dev/null || true; rm -rf '$work'" EXIT
  url="http://127.0.0.1:$port"
  for _ in $(seq 50); do curl -s -o /dev/null "$url/" && break; sleep 0.2; done
}
