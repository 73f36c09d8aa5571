#!/usr/bin/env bash
# The operator's journey through the CLI alone, against a running dev chain:
#   tests/cli-journey.sh <depin-node binary> <node RPC URL> <work dir>
# Dave (a funded dev account) owns an Ed25519 hotspot, a P-256 hotspot and an Ed25519 sensor;
# he locates the hotspots, the first beacons and the second witnesses, the sensor sends its
# heartbeat, and after the epoch closes Dave claims exactly what `rewards show` reported. A
# secure element's X.509 chain becomes a certificate file offline.
# Bad input must fail with a message and a non-zero exit.
# tests/cli.test.mjs starts the node and runs this script.
set -euo pipefail
bin=$1 url=$2 dir=$3
repo=$(cd "$(dirname "$0")/.." && pwd)
owner_suri=//Dave
owner=5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy

# `field FILE.json a.b.c`: a field of a JSON document (node is what the tests run on anyway).
field() { node -e 'const v = process.argv[2].split(".").reduce((o, k) => o?.[k], JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))); console.log(typeof v === "object" ? JSON.stringify(v) : v)' "$1" "$2"; }
step() { echo "--- $*" >&2; }
# `fails PATTERN command…`: the command must exit non-zero with PATTERN in its error.
fails() {
	local pattern=$1; shift
	if "$@" >"$dir/out" 2>"$dir/err"; then echo "expected a failure: $*" >&2; exit 1; fi
	grep -q -- "$pattern" "$dir/err" || { echo "unexpected error for $*:" >&2; cat "$dir/err" >&2; exit 1; }
}
epoch() { curl -s -H 'Content-Type: application/json' -d '{"id":1,"jsonrpc":"2.0","method":"depin_epoch","params":[]}' "$url" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).result.epoch))'; }

step "device keys"
"$bin" device key-generate --scheme ed25519 --out "$dir/beaconer.json" >"$dir/beaconer.pub"
"$bin" device key-generate --scheme p256 --out "$dir/witness.json" >"$dir/witness.pub"
"$bin" device key-generate --scheme ed25519 --out "$dir/sensor.json" >"$dir/sensor.pub"
beaconer=$(field "$dir/beaconer.pub" public)
witness=$(field "$dir/witness.pub" public)
sensor=$(field "$dir/sensor.pub" public)
fails "cannot create key file" "$bin" device key-generate --scheme ed25519 --out "$dir/beaconer.json"
fails "not a device key file" "$bin" device key-show --key-file "$dir/beaconer.pub"

step "maker certificates (the development maker's well-known key, docs/makers.md)"
"$bin" device key-import --scheme ed25519 --secret "0x$(printf %s 'depin-node development maker key' | od -An -tx1 | tr -d ' \n')" --out "$dir/maker.json" >/dev/null
certify() { "$bin" maker certify --key-file "$dir/maker.json" --maker 0 --device "$1" --kind "$2" --batch 1 --serial "$3" --url "$url" --out "$dir/$4.cert"; }
certify "$beaconer" loraHotspot 1 beaconer
certify "$witness" loraHotspot 2 witness
certify "$sensor" sensor 3 sensor
"$bin" maker inspect --certificate "$dir/beaconer.cert" >"$dir/inspect.json"
[[ $(field "$dir/inspect.json" signatureValid) == true && $(field "$dir/inspect.json" device) == "$beaconer" ]]
fails "rated-power-w" "$bin" maker certify --key-file "$dir/maker.json" --maker 0 --device "$sensor" --kind energy --batch 1 --serial 4 --genesis-hash "0x$(printf '00%.0s' {1..32})"
fails "not a SCALE DeviceCertificate" "$bin" maker inspect --certificate 0x0102

step "an X.509 chain (docs/signing.md's example), verified offline"
# `doc_vector NAME OUT [pem]`: the `NAME = hex` bytes of docs/signing.md, as DER (or PEM) in OUT.
doc_vector() {
	# shellcheck disable=SC2016 # the quoted text is JavaScript
	(cd "$repo" && node --input-type=module -e '
		import { writeFileSync } from "node:fs";
		import { docText, docValue } from "depin-js";
		const [name, out, pem] = process.argv.slice(1);
		const der = Buffer.from(docValue(docText("signing.md"), name));
		const base64 = der.toString("base64").match(/.{1,64}/g).join("\n");
		writeFileSync(out, pem ? `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n` : der);
	' "$1" "$2" "${3:-}")
}
doc_vector x509.root "$dir/root.pem" pem
doc_vector x509.signer "$dir/signer.der"
doc_vector x509.device "$dir/device.der"
doc_vector p256.public "$dir/chip.key"
"$bin" maker x509-chain --root "$dir/root.pem" --signer "$dir/signer.der" --device "$dir/device.der" --out "$dir/chip.cert"
[[ $(field "$dir/chip.cert" device) == "0x$(od -An -tx1 "$dir/chip.key" | tr -d ' \n')" && $(field "$dir/chip.cert" error) == null ]]
"$bin" maker inspect --certificate "$dir/chip.cert" --root "$dir/root.pem" >"$dir/inspect.json"
[[ $(field "$dir/inspect.json" batch) == $(field "$dir/chip.cert" batch) ]]
fails "give --root" "$bin" maker inspect --certificate "$dir/chip.cert"
fails "NotCertificateAuthority" "$bin" maker x509-chain --root "$dir/root.pem" --signer "$dir/device.der" --device "$dir/signer.der"
fails "the chain names the root" "$bin" maker inspect --certificate "$dir/chip.cert" --root "$dir/signer.der"

step "proof of possession, registration, locations"
"$bin" device pop --key-file "$dir/beaconer.json" --owner "$owner" --url "$url" >"$dir/pop.json"
[[ $(field "$dir/pop.json" proof) =~ ^0x[0-9a-f]{128}$ ]]
fails "CertificateRequired" "$bin" device register --key-file "$dir/beaconer.json" --kind lora-hotspot --suri "$owner_suri" --url "$url"
fails "CertificateForAnotherDevice" "$bin" device register --key-file "$dir/beaconer.json" --kind lora-hotspot --certificate "$dir/witness.cert" --suri "$owner_suri" --url "$url"
"$bin" device register --key-file "$dir/beaconer.json" --kind lora-hotspot --certificate "$dir/beaconer.cert" --suri "$owner_suri" --url "$url" >/dev/null
"$bin" device register --key-file "$dir/witness.json" --kind loraHotspot --certificate "$dir/witness.cert" --suri "$owner_suri" --url "$url" >/dev/null
"$bin" device register --key-file "$dir/sensor.json" --kind sensor --certificate "$(field "$dir/sensor.cert" certificate)" --suri "$owner_suri" --url "$url" >/dev/null
fails "KeyAlreadyRegistered" "$bin" device register --key-file "$dir/witness.json" --kind loraHotspot --certificate "$dir/witness.cert" --suri "$owner_suri" --url "$url"
fails "unknown device kind" "$bin" device register --key-file "$dir/witness.json" --kind toaster --suri "$owner_suri" --url "$url"
"$bin" device locate --key-file "$dir/beaconer.json" --lat 48.852968 --lng 2.349902 --gain-dbi 1.2 --elevation-m 10 --suri "$owner_suri" --url "$url" >/dev/null
"$bin" device locate --device "$witness" --cell 8c1fb46741ae9ff --gain-dbi 1.2 --elevation-m 10 --suri "$owner_suri" --url "$url" >/dev/null
fails "not a valid H3 cell" "$bin" device locate --device "$witness" --cell nowhere --suri "$owner_suri" --url "$url"
"$bin" device show --device "$witness" --url "$url" >"$dir/show.json"
[[ $(field "$dir/show.json" device.location.cell) == 8c1fb46741ae9ff ]]
[[ $(field "$dir/show.json" device.owner) == "$owner" ]]
fails "no device is registered" "$bin" device show --device "0x$(printf '42%.0s' {1..32})" --url "$url"
fails "not an SS58 address" "$bin" rewards show --account nobody --url "$url"

step "a fresh epoch, then a beacon heard by the witness"
start=$(epoch)
until (( $(epoch) > start )); do sleep 2; done
"$bin" device beacon --key-file "$dir/beaconer.json" --frequency-khz 868100 --tx-power-dbm 14 --out "$dir/beacon.json" --url "$url"
"$bin" device witness --key-file "$dir/witness.json" --beaconer "$beaconer" --beacon "$dir/beacon.json" \
	--rssi-dbm -115 --snr-db 4 --frequency-khz 868120 --arrival-us 850 --out "$dir/report.json" --url "$url"
"$bin" device receipt --key-file "$dir/beaconer.json" --beacon "$dir/beacon.json" --witness "$dir/report.json" --url "$url" >"$dir/receipt.json"
[[ $(field "$dir/receipt.json" transaction) =~ ^0x[0-9a-f]{64}$ ]]
fails "BeaconTooSoon\|already in the transaction pool" "$bin" device receipt --key-file "$dir/beaconer.json" --beacon "$dir/beacon.json" --url "$url"
"$bin" device heartbeat --key-file "$dir/sensor.json" --url "$url" >"$dir/heartbeat.json"
[[ $(field "$dir/heartbeat.json" transaction) =~ ^0x[0-9a-f]{64}$ ]]
fails "HeartbeatAlreadyAccepted\|already in the transaction pool\|refused recently" "$bin" device heartbeat --key-file "$dir/sensor.json" --url "$url"
fails "NotAnUptimeDevice" "$bin" device heartbeat --key-file "$dir/beaconer.json" --url "$url"
submitted=$(epoch)

step "wait for the close of epoch $submitted"
until (( $(epoch) > submitted )); do sleep 2; done
"$bin" rewards show --account "$owner" --url "$url" >"$dir/rewards.json"
claimable=$(field "$dir/rewards.json" claimable)
# Alone in the epoch, Dave's devices take the beacon (15 %), witness (45 %) and uptime (20 %)
# pools of 14,000 DPN: 11,200 DPN.
[[ $claimable == 11200000000000000 ]] || { echo "claimable $claimable" >&2; exit 1; }

step "claim"
"$bin" rewards claim --suri "$owner_suri" --url "$url" >"$dir/claim.json"
[[ $(field "$dir/claim.json" claimed) == "$claimable" ]]
fails "has nothing to claim" "$bin" rewards claim --suri "$owner_suri" --url "$url"
echo "claimed $claimable planck" >&2

step "an announced beacon: the witness reports through a relayer, the beaconer reveals"
fails "has no open beacon" "$bin" device report --key-file "$dir/witness.json" --beaconer "$beaconer" \
	--payload "$(field "$dir/beacon.json" payload)" --rssi-dbm -115 --snr-db 4 --frequency-khz 868120 --url "$url"
"$bin" device beacon --key-file "$dir/beaconer.json" --frequency-khz 868100 --tx-power-dbm 14 --out "$dir/announced.json" --url "$url"
"$bin" device announce --key-file "$dir/beaconer.json" --beacon "$dir/announced.json" --url "$url" >"$dir/announce.json"
[[ $(field "$dir/announce.json" transaction) =~ ^0x[0-9a-f]{64}$ ]]
until [[ $("$bin" device show --device "$beaconer" --url "$url" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).device.coverage.openBeaconReports))') == 0 ]]; do sleep 1; done
"$bin" device report --key-file "$dir/witness.json" --beaconer "$beaconer" --payload "$(field "$dir/announced.json" payload)" \
	--rssi-dbm -115 --snr-db 4 --frequency-khz 868120 --out "$dir/heard.json" --url "$url"
fails "must be 32 bytes" "$bin" device report --key-file "$dir/witness.json" --beaconer "$beaconer" --payload 0x01 \
	--rssi-dbm -115 --snr-db 4 --frequency-khz 868120 --url "$url"
"$bin" device relay --report "$dir/heard.json" --url "$url" >"$dir/relay.json"
[[ $(field "$dir/relay.json" witnesses) == 1 ]]
shown() { "$bin" device show --device "$beaconer" --url "$url" >"$dir/beaconer-show.json"; field "$dir/beaconer-show.json" "$1"; }
until [[ $(shown device.coverage.openBeaconReports) == 1 ]]; do sleep 1; done
fails "AlreadyReported\|already in the transaction pool" "$bin" device relay --report "$dir/heard.json" --url "$url"
# The reveal counts once the report window has closed (a refused reveal's bytes would be
# banned by the pool for a while, so wait for the window rather than retry).
rpc() { curl -s -H 'Content-Type: application/json' -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":[]}" "$url"; }
window_end=$(( $(shown device.coverage.lastBeacon) + $(rpc depin_epoch | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).result.params.reportWindow))') ))
until (( $(rpc chain_getHeader | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(parseInt(JSON.parse(s).result.number,16)))') >= window_end )); do sleep 1; done
"$bin" device reveal --key-file "$dir/beaconer.json" --beacon "$dir/announced.json" --url "$url" >"$dir/reveal.json"
[[ $(field "$dir/reveal.json" witnesses) == 1 ]]
until [[ $(shown device.coverage.openBeaconReports) == null ]]; do sleep 1; done
echo "revealed an announced beacon with 1 report" >&2
