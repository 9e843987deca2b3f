#!/usr/bin/env bash
# The home-gateway deployment of TR-0038 on one machine, each CSE its own process on loopback ports:
#   IN-CSE /id-in (cse-in)  <-- HTTPS, client certificates both ways --  MN-CSE /id-mn (cse-mn), the home gateway
#   phone AE Cphone, guest AE Cguest: HTTPS with AE-ID certificates to the IN
#   light AE Clight: TLS-PSK to the gateway (openssl s_client)
# The phone reads the light's state and switches it through the IN, which retargets to the gateway, where the
# light's access control policy decides; the guest's switch is refused there. Prints each step and its response
# status; exits non-zero on any unexpected status; stops its processes and removes its files.
#
# usage: examples/home-gateway.sh            (KEEP=1 keeps the working folder; BASTION=CMD runs another launcher)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASTION=${BASTION:-$ROOT/bastion}
for tool in curl openssl keytool; do
  command -v "$tool" >/dev/null || { echo "home-gateway: '$tool' is needed and not installed" >&2; exit 3; }
done

EXAMPLE=home-gateway
# shellcheck source=lib/example.sh
. "$ROOT/examples/lib/example.sh"
P=example-keystore-secret   # the example's keystore password (BASTION_KEYSTORE_PASSWORD)
SP=bastion.example

# --- certificates (keytool, P-256 and SHA256withECDSA as TS-0003 10.1.1 asks) -------------------------------------
kt() { keytool -storepass "$P" "$@" 2>/dev/null; }
kt -genkeypair -keystore "$W/ca.p12" -alias ca -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
   -dname CN=Home-Example-CA -ext bc:c -ext ku:c=keyCertSign,cRLSign -validity 30
kt -exportcert -keystore "$W/ca.p12" -alias ca -rfc -file "$W/ca.pem"
# issue NAME SAN [EXT...]: NAME.p12 with a key and its chain, signed by the CA
issue() {
  local name=$1 san=$2; shift 2
  kt -genkeypair -keystore "$W/$name.p12" -alias "$name" -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
     -dname "CN=$name"
  kt -certreq -keystore "$W/$name.p12" -alias "$name" \
    | kt -gencert -keystore "$W/ca.p12" -alias ca -sigalg SHA256withECDSA -ext "san=$san" \
         -ext ku:c=digitalSignature "$@" -validity 30 -rfc > "$W/$name.pem"
  cat "$W/$name.pem" "$W/ca.pem" > "$W/$name-chain.pem"
  kt -importcert -keystore "$W/$name.p12" -alias "$name" -file "$W/$name-chain.pem" -noprompt
}
# The CSEs' keys serve their HTTPS doors and are their client certificates on the Mcc: each names its CSE-ID.
issue in "dns:localhost,ip:127.0.0.1,uri:onem2m://$SP/id-in"
issue mn "dns:localhost,ip:127.0.0.1,uri:onem2m://$SP/id-mn"
# The AEs of the IN: AE-ID certificates (TS-0003 8.2.2.2), the AE-ID as a URI in the subjectAltName.
issue phone "uri:onem2m://$SP/id-in/Cphone" -ext eku=clientAuth
issue guest "uri:onem2m://$SP/id-in/Cguest" -ext eku=clientAuth

# --- credentials, with the server's own CLI -------------------------------------------------------------------------
"$BASTION" credentials --data "$W/in/data" cert trust "$W/ca.pem" >/dev/null
"$BASTION" credentials --data "$W/mn/data" cert trust "$W/ca.pem" >/dev/null
LIGHT_ID=light@home.example
LIGHT_KEY=$(openssl rand -hex 16)
echo "$LIGHT_KEY" | "$BASTION" credentials --data "$W/mn/data" psk add --identity "$LIGHT_ID" --key - --ae Clight \
  >/dev/null

# --- the two CSEs ----------------------------------------------------------------------------------------------------
cat > "$W/in.properties" <<CFG
cse.id=/id-in
cse.name=cse-in
data.dir=$W/in/data
http.port=0
https.port=0
https.keystore=$W/in.p12
admin.port=0
registration.allowed-cses=/id-mn
mcc.trust=$W/ca.pem
mcc.client-certificate=https
CFG

# start NAME: runs the CSE of NAME.properties, sets LINE_<NAME> to its "listening ..." line
start() {
  start_process "$1" env BASTION_KEYSTORE_PASSWORD="$P" "$BASTION" run --config "$W/$1.properties"
}

start in
IN_HTTP=$(port "$LINE_in" http); IN_HTTPS=$(port "$LINE_in" https)

cat > "$W/mn.properties" <<CFG
cse.id=/id-mn
cse.name=cse-mn
cse.type=MN
data.dir=$W/mn/data
http.port=0
https.port=0
https.keystore=$W/mn.p12
psk.port=0
admin.port=0
registrar.url=https://localhost:$IN_HTTPS
registrar.cse-id=/id-in
registrar.name=cse-in
registrar.trust=$W/ca.pem
registrar.client-certificate=https
registrar.retry-initial-ms=100
registrar.retry-max-ms=1000
CFG
start mn
MN_PSK=$(port "$LINE_mn" psk); MN_ADMIN=$(port "$LINE_mn" admin)

# --- requests --------------------------------------------------------------------------------------------------------
RQI=0

# light METHOD PATH [TY BODY]: a request of Clight to the gateway over TLS-PSK (TLS 1.2, PSK-AES128-CBC-SHA256)
light() {
  local method=$1 path=$2 ty=${3:-} body=${4:-} req
  RQI=$((RQI + 1))
  req="$method $path HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: Clight\r\nX-M2M-RI: ex-$RQI\r\nX-M2M-RVI: 3\r\n"
  [[ -n $ty ]] && req+="Content-Type: application/json;ty=$ty\r\n"
  req+="Content-Length: ${#body}\r\nConnection: close\r\n\r\n"
  printf "$req%s" "$body" | openssl s_client -quiet -ign_eof -connect "127.0.0.1:$MN_PSK" -tls1_2 \
      -cipher PSK-AES128-CBC-SHA256 -psk_identity "$LIGHT_ID" -psk "$LIGHT_KEY" -servername localhost \
      >"$W/rsp" 2>/dev/null || true
  parse "$W/rsp"
}

# ae NAME METHOD PATH [TY BODY]: a request of C<NAME> to the IN over HTTPS with its AE-ID certificate
ae() {
  local name=$1 method=$2 path=$3 ty=${4:-} body=${5:-}
  local args=(-s -D - -X "$method" --cacert "$W/ca.pem" --cert-type P12 --cert "$W/$name.p12:$P"
              -H "X-M2M-Origin: C$name" -H "X-M2M-RI: ex-$((RQI += 1))" -H 'X-M2M-RVI: 3')
  [[ -n $ty ]] && args+=(-H "Content-Type: application/json;ty=$ty" --data-binary "$body")
  curl "${args[@]}" "https://localhost:$IN_HTTPS$path" >"$W/rsp" 2>/dev/null || true
  parse "$W/rsp"
}

# admin PORT PATH: RETRIEVE by the admin originator over plain HTTP from loopback
admin() {
  curl -s -D - -H 'X-M2M-Origin: CAdmin' -H "X-M2M-RI: ex-$((RQI += 1))" -H 'X-M2M-RVI: 3' \
       "http://127.0.0.1:$1$2" >"$W/rsp" 2>/dev/null || true
  parse "$W/rsp"
}

# 1. The gateway registers with the IN over mutual-certificate TLS (in the background, at start).
for _ in $(seq 1 300); do
  curl -s "http://127.0.0.1:$MN_ADMIN/health" | grep -q '"state" *: *"registered"' && break
  sleep 0.1
done
admin "$IN_HTTP" /cse-in/id-mn
expect 2000 "the IN holds the gateway's <remoteCSE> /cse-in/id-mn (registered over HTTPS, certificate naming /id-mn)"

# 2. The light registers with the gateway over TLS-PSK and publishes its state under its own access rules.
light POST /cse-mn 2 '{"m2m:ae":{"rn":"light","api":"Nlight","rr":false,"srv":["3"]}}'
expect 2001 "Clight registers with the gateway over TLS-PSK (KpsaID $LIGHT_ID)"
light POST /cse-mn/light 1 '{"m2m:acp":{"rn":"lightAcp","pv":{"acr":[{"acor":["Clight"],"acop":63},{"acor":["/id-in/Cphone"],"acop":3}]},"pvs":{"acr":[{"acor":["Clight"],"acop":63}]}}}'
expect 2001 "Clight creates its accessControlPolicy at the gateway: Cphone of the IN may RETRIEVE and CREATE"
ACP=$(sed -n 's/.*"ri" *: *"\([^"]*\)".*/\1/p' <<<"$BODY")
[[ -n $ACP ]] || die "no ri in the accessControlPolicy: $BODY"
light POST /cse-mn/light 3 "{\"m2m:cnt\":{\"rn\":\"state\",\"acpi\":[\"$ACP\"]}}"
expect 2001 "Clight creates its container 'state' under that policy"
light POST /cse-mn/light/state 4 '{"m2m:cin":{"con":"off"}}'
expect 2001 "Clight reports its state: off"

# 3. The phone (and a guest) register with the IN over HTTPS with their AE-ID certificates.
ae phone POST /cse-in 2 '{"m2m:ae":{"rn":"phone","api":"Nphone","rr":false,"srv":["3"]}}'
expect 2001 "Cphone registers with the IN over HTTPS (certificate naming /id-in/Cphone)"
ae guest POST /cse-in 2 '{"m2m:ae":{"rn":"guest","api":"Nguest","rr":false,"srv":["3"]}}'
expect 2001 "Cguest registers with the IN over HTTPS (certificate naming /id-in/Cguest)"

# 4. Through the IN, retargeted to the gateway, whose access rules decide.
ae phone GET /~/id-mn/cse-mn/light/state/la
expect 2000 "Cphone reads the light's state through the IN (/~/id-mn/cse-mn/light/state/la)"
grep -q '"con" *: *"off"' <<<"$BODY" || die "the state read is not 'off': $BODY"
ae phone POST /~/id-mn/cse-mn/light/state 4 '{"m2m:cin":{"con":"on"}}'
expect 2001 "Cphone switches the light on through the IN (allowed by the gateway's policy)"
ae guest POST /~/id-mn/cse-mn/light/state 4 '{"m2m:cin":{"con":"off"}}'
expect 4103 "Cguest's switch through the IN is refused by the gateway's policy"
ae guest GET /~/id-mn/cse-mn/light/state/la
expect 4103 "Cguest's read through the IN is refused by the gateway's policy"
# The refusal is the gateway's: its audit log names the originator, who handed the request over and why.
RSC=none
for _ in $(seq 1 50); do
  if grep -q '"originator":"/id-in/Cguest","op":"CREATE".*"mcc":"handed over by /id-in[^"]*","decision":"DENY"' \
       "$W/mn/data/audit.log" 2>/dev/null; then RSC=audit; break; fi
  sleep 0.1
done
BODY="no DENY of /id-in/Cguest's CREATE handed over by /id-in in the gateway's audit log"
expect audit "the gateway's audit log: DENY of /id-in/Cguest's CREATE, handed over by /id-in, no rule of the policy"
ae phone DELETE /~/id-mn/cse-mn/light/state
expect 4103 "Cphone may not DELETE the light's state (the policy grants RETRIEVE and CREATE only)"
light GET /cse-mn/light/state/la
expect 2000 "Clight reads its state over TLS-PSK"
grep -q '"con" *: *"on"' <<<"$BODY" || die "the light's state is not 'on': $BODY"

finish
