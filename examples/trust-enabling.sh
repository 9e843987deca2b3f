#!/usr/bin/env bash
# The trust-enabling functions of TS-0003 on one machine, each party its own process on loopback ports:
#   MEF  (bastion mef run)  enrols the device dev1, which knows only its KpmID, its Kpm and the MEF's address:
#                           a certificate over EST (CERT_PROV), its MO nodes (where its CSE is, an
#                           authenticationProfile, the CSE's CA as a trust anchor)
#   MAF  (bastion maf run)  gives the phone, which shares a KmID with the MAF only, a key Kc for the CSE
#   CSE  (bastion run)      /id-in: HTTPS with client certificates (trusting the MEF's CA), TLS-PSK (resolving MAF
#                           key identifiers at the MAF)
# The device registers over mutual TLS with its new certificate (curl) and stores its configuration under a <node>;
# the phone registers over TLS-PSK with its Kc (openssl s_client); the operator revokes both. Prints each step and
# its status; exits non-zero on any unexpected status; stops its processes and removes its files.
#
# usage: examples/trust-enabling.sh          (KEEP=1 keeps the working folder; BASTION=CMD runs another launcher)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASTION=${BASTION:-$ROOT/bastion}
for tool in curl openssl keytool; do
  command -v "$tool" >/dev/null || { echo "trust-enabling: '$tool' is needed and not installed" >&2; exit 3; }
done

EXAMPLE=trust-enabling
# shellcheck source=lib/example.sh
. "$ROOT/examples/lib/example.sh"
P=example-keystore-secret
# the key stores' passwords: the CSE's and the MAF's, the MEF's, the device's device.p12
export BASTION_KEYSTORE_PASSWORD=$P BASTION_MEF_KEYSTORE_PASSWORD=$P BASTION_DEVICE_PASSWORD=$P
ADMIN_FQDN=sp.example

# --- certificates (keytool, P-256 and SHA256withECDSA as TS-0003 10.1.1 asks) -------------------------------------
kt() { keytool -storepass "$P" "$@" 2>/dev/null; }
# the MEF's CA, in the MEF's key store (alias ca): it signs the certificates enrolees obtain over EST
kt -genkeypair -keystore "$W/mef.p12" -alias ca -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
   -dname CN=Example-MEF-CA -ext bc:c -ext ku:c=keyCertSign,cRLSign -validity 30
kt -exportcert -keystore "$W/mef.p12" -alias ca -rfc -file "$W/mef-ca.pem"
# the CSE's server CA and its HTTPS key (the device learns this CA from the MEF, as a trustAnchorCred)
kt -genkeypair -keystore "$W/cse-ca.p12" -alias ca -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
   -dname CN=Example-CSE-CA -ext bc:c -ext ku:c=keyCertSign,cRLSign -validity 30
kt -exportcert -keystore "$W/cse-ca.p12" -alias ca -rfc -file "$W/cse-ca.pem"
kt -genkeypair -keystore "$W/in.p12" -alias in -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname CN=localhost
kt -certreq -keystore "$W/in.p12" -alias in \
  | kt -gencert -keystore "$W/cse-ca.p12" -alias ca -sigalg SHA256withECDSA -ext "san=dns:localhost,ip:127.0.0.1" \
       -ext ku:c=digitalSignature -validity 30 -rfc > "$W/in.pem"
cat "$W/in.pem" "$W/cse-ca.pem" > "$W/in-chain.pem"
kt -importcert -keystore "$W/in.p12" -alias in -file "$W/in-chain.pem" -noprompt

# --- processes ---------------------------------------------------------------------------------------------------
# start NAME ARGS...: "$BASTION ARGS..." in the background, LINE_<NAME> its "listening ..." line
start() { local name=$1; shift; start_process "$name" "$BASTION" "$@"; }
# cli WHAT CMD...: a command of the operator or the device, its exit code as the status (expected 0)
cli() {
  local what=$1; shift
  RSC=0
  BODY=$("$@" 2>&1) || RSC=$?
  expect 0 "$what"
}

# The MAF: its clients' KmIDs (relative@MAF-FQDN), the phone's and the CSE's, each bound to its ID.
KM_PHONE=km-phone@maf.example; K_PHONE=$(openssl rand -hex 16)
KM_CSE=km-cse@maf.example; K_CSE=$(openssl rand -hex 16)
echo "$K_PHONE" | "$BASTION" credentials --data "$W/maf" psk add --identity $KM_PHONE --key - --ae Cphone >/dev/null
echo "$K_CSE" | "$BASTION" credentials --data "$W/maf" psk add --identity $KM_CSE --key - --ae /id-in >/dev/null
start maf maf run --fqdn maf.example --admin-fqdn $ADMIN_FQDN --port 0 --data "$W/maf"
MAF=$(port "$LINE_maf" maf)

# The CSE: trusts the MEF's CA for client certificates, knows its MAF (its own KmID there), rechecks MAF keys often.
"$BASTION" credentials --data "$W/cse" cert trust "$W/mef-ca.pem" >/dev/null
echo "$K_CSE" | "$BASTION" credentials --data "$W/cse" psk add --identity $KM_CSE --key - --ae /id-in >/dev/null
cat > "$W/cse.properties" <<CFG
data.dir=$W/cse
http.port=0
https.port=0
https.keystore=$W/in.p12
psk.port=0
admin.port=-1
cse.acpi=cse-in/devices
maf.url=https://127.0.0.1:$MAF
maf.psk-identity=$KM_CSE
maf.recheck-ms=500
CFG
start cse run --config "$W/cse.properties"
HTTP=$(port "$LINE_cse" http); HTTPS=$(port "$LINE_cse" https); PSK=$(port "$LINE_cse" psk)

# The MEF: the device's enrolee entry (KpmID, Kpm, the AE-ID it is given).
KPM=$(openssl rand -hex 16)
mef() { "$BASTION" mef "$@" --data "$W/mef" --keystore "$W/mef.p12"; }
echo "$KPM" | mef enrolee add --kpm-id kpm-dev1 --key - --id /id-in/Cdev1 >/dev/null
start mef mef run --port 0 --data "$W/mef" --keystore "$W/mef.p12" --ca-alias ca --fqdn mef.example
MEF=$(port "$LINE_mef" mef)

# --- requests ------------------------------------------------------------------------------------------------------
RQI=0
# admin METHOD PATH [TY BODY]: the admin originator over plain HTTP from loopback
admin() {
  local args=(-s -D - -X "$1" -H 'X-M2M-Origin: CAdmin' -H "X-M2M-RI: ex-$((RQI += 1))" -H 'X-M2M-RVI: 3')
  [[ -n ${3:-} ]] && args+=(-H "Content-Type: application/json;ty=$3" --data-binary "$4")
  curl "${args[@]}" "http://127.0.0.1:$HTTP$2" >"$W/rsp" 2>/dev/null || true
  parse "$W/rsp"
}
# device ORIGIN METHOD PATH [TY BODY]: over mutual TLS with the certificate the device enrolled for
device() {
  local args=(-s -D - -X "$2" --cacert "$W/dev1/trust.pem" --cert "$W/dev1/device.pem" --key "$W/dev1/device-key.pem"
              -H "X-M2M-Origin: $1" -H "X-M2M-RI: ex-$((RQI += 1))" -H 'X-M2M-RVI: 3')
  if [[ -n ${5:-} ]]; then
    args+=(-H "Content-Type: application/json${4:+;ty=$4}" --data-binary "$5")
  fi
  RSC=""; BODY=""
  local rc=0
  curl "${args[@]}" "$POA$3" >"$W/rsp" 2>"$W/curl.err" || rc=$?
  if (( rc != 0 )); then BODY="curl exit $rc"; return 0; fi
  parse "$W/rsp"
}
# phone ORIGIN METHOD PATH [TY BODY]: over TLS-PSK with the MAF key (TLS 1.2, PSK-AES128-GCM-SHA256)
phone() {
  local origin=$1 method=$2 path=$3 ty=${4:-} body=${5:-} req
  req="$method $path HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: $origin\r\nX-M2M-RI: ex-$((RQI += 1))\r\nX-M2M-RVI: 3\r\n"
  [[ -n $ty ]] && req+="Content-Type: application/json;ty=$ty\r\n"
  req+="Content-Length: ${#body}\r\nConnection: close\r\n\r\n"
  printf "$req%s" "$body" | openssl s_client -quiet -ign_eof -connect "127.0.0.1:$PSK" -tls1_2 \
      -cipher PSK-AES128-GCM-SHA256 -psk_identity "$PHONE_ID" -psk "$PHONE_KEY" >"$W/rsp" 2>/dev/null || true
  parse "$W/rsp"
}

# 1. The operator: devices may create their <node> under the CSEBase; dev1's node will be dev1's to configure.
admin POST /cse-in 1 '{"m2m:acp":{"rn":"devices","pv":{"acr":[{"acor":["Cdev1"],"acop":35,"acod":[{"chty":[14]}]}]},"pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]}}}'
expect 2001 "the operator's policy at the CSE: devices may create a <node> under the CSEBase"
admin POST /cse-in 1 '{"m2m:acp":{"rn":"dev1Acp","pv":{"acr":[{"acor":["Cdev1"],"acop":63}]},"pvs":{"acr":[{"acor":["CAdmin","Cdev1"],"acop":63}]}}}'
expect 2001 "the operator's policy for dev1's node: Cdev1 may do everything (security objects need it explicitly)"
DEV_ACP=$(sed -n 's/.*"ri" *: *"\([^"]*\)".*/\1/p' <<<"$BODY")

# 2. The operator at the MEF: the device's MO tree (its CSE, an authenticationProfile, the CSE's CA) and commands.
cat > "$W/reg1.json" <<JSON
{"dcfg:reg":{"poa":["https://localhost:$HTTPS"],"csi":"/id-in","cb":"cse-in"}}
JSON
cli "mef mo put reg1: where the device's CSE is (poa, CSE-ID, CSEBase)" \
  mef mo put --kpm-id kpm-dev1 --path reg1 --file "$W/reg1.json"
echo '{"dcfg:autp":{"suid":42,"tlcs":[49187,49195]}}' > "$W/autp1.json"
cli "mef mo put reg1/autp1: an authenticationProfile, SUID 42 (the MEF fills in the certificate's fingerprint)" \
  mef mo put --kpm-id kpm-dev1 --path reg1/autp1 --file "$W/autp1.json"
cli "mef trust-anchor add: the MEF serves the CSE's CA to its enrolees" \
  mef trust-anchor add --file "$W/cse-ca.pem" --fqdn mef.example --port "$MEF"
read -r CFP TA_URI <<<"$BODY"
echo "{\"dcfg:tac\":{\"uri\":\"$TA_URI\",\"cfp\":\"$CFP\"}}" > "$W/tac1.json"
cli "mef mo put tac1: a trustAnchorCred naming that CA ($CFP)" \
  mef mo put --kpm-id kpm-dev1 --path tac1 --file "$W/tac1.json"
cli "mef command add --cert-prov: a certificate over EST" mef command add --kpm-id kpm-dev1 --cert-prov
cli "mef command add --mo-node reg1/autp1 --object-type 1 --suid 42" \
  mef command add --kpm-id kpm-dev1 --mo-node reg1/autp1 --object-type 1 --suid 42
cli "mef command add --mo-node tac1 --object-type 2" mef command add --kpm-id kpm-dev1 --mo-node tac1 --object-type 2

# 3. The device, knowing only its KpmID, its Kpm and the MEF's address, enrols.
RSC=0
ENROL=$(echo "$KPM" | "$BASTION" device enrol --mef "127.0.0.1:$MEF" --kpm-id kpm-dev1 --key - \
        --admin-fqdn $ADMIN_FQDN --out "$W/dev1" 2>&1) || RSC=$?
BODY=$ENROL
expect 0 "device enrol: registration, Ke, the commands run (CERT_PROV over EST, two MO_NODE)"
echo "$ENROL" | sed 's/^/       /'
grep -qi "$KPM" <<<"$ENROL" && die "device enrol printed the Kpm"
FP=$(sed -n 's/^certificate \([0-9a-f]\{64\}\).*/\1/p' <<<"$ENROL")
[[ -n $FP ]] || die "no certificate fingerprint in: $ENROL"
POA=$(sed -n 's/^cse .* at \(https:[^ ]*\).*/\1/p' <<<"$ENROL")
[[ $POA == "https://localhost:$HTTPS" ]] || die "the CSE's address is not in the enrolment: $ENROL"
RSC=0
BODY=$(openssl verify -CAfile "$W/mef-ca.pem" -purpose sslclient "$W/dev1/device.pem" 2>&1) || RSC=$?
expect 0 "openssl verify: the issued certificate chains to the MEF's CA"
[[ $(stat -c %a "$W/dev1/device-key.pem") == 600 ]] || die "device-key.pem is not mode 600"

# 4. With what it got: mutual TLS to the CSE (trust.pem for the CSE, device.pem for itself).
device Cdev1 POST /cse-in 2 '{"m2m:ae":{"rn":"dev1","api":"Ndev1","rr":false,"srv":["3"]}}'
expect 2001 "Cdev1 registers its AE over mutual TLS with the certificate from the MEF"
device Cother GET /cse-in/dev1
expect 4106 "another originator over the device's certificate is refused"
device Cdev1 POST /cse-in 14 '{"m2m:nod":{"rn":"nod-dev1","ni":"urn:dev:ops:dev1"}}'
expect 2001 "Cdev1 creates its <node>"
device Cdev1 PUT /cse-in/nod-dev1 "" "{\"m2m:nod\":{\"acpi\":[\"$DEV_ACP\"]}}"
expect 2004 "Cdev1 links the operator's policy to its node"
# its configuration objects as the MEF served them (configuration.json: {"nodes":{PATH:{ROOT:{…}}},…})
FLAT=$(tr -d '\n' <"$W/dev1/configuration.json" | tr -s ' ')
AUTP=$(grep -o '"dcfg:autp" *: *{[^}]*}' <<<"$FLAT" | head -n1 | sed 's/^"dcfg:autp" *: *{/{"dcfg:autp":{"rn":"autp1","mgd":1022,/')
TAC=$(grep -o '"dcfg:tac" *: *{[^}]*}' <<<"$FLAT" | head -n1 | sed 's/^"dcfg:tac" *: *{/{"dcfg:tac":{"rn":"tac1","mgd":1024,/')
[[ -n $AUTP && -n $TAC ]] || die "no dcfg:autp or dcfg:tac in configuration.json"
device Cdev1 POST /cse-in/nod-dev1 13 "$AUTP}"
expect 2001 "Cdev1 stores its authenticationProfile (1022) under its node"
grep -q "\"mcfp\" *: *\"$FP\"" <<<"$BODY" || die "the stored authenticationProfile does not name the certificate: $BODY"
device Cdev1 POST /cse-in/nod-dev1 13 "$TAC}"
expect 2001 "Cdev1 stores its trustAnchorCred (1024) under its node"

# 5. The phone: a key for the CSE from the MAF (Kc, and its identity RelativeKeyID@MAF-FQDN), then TLS-PSK.
RSC=0
BODY=$(echo "$K_PHONE" | "$BASTION" device maf-key --maf "127.0.0.1:$MAF" --km-id $KM_PHONE --key - --id Cphone \
       --target /id-in --admin-fqdn $ADMIN_FQDN --lifetime-s 600 --out "$W/phone.key" 2>&1) || RSC=$?
expect 0 "device maf-key: client registration and key registration at the MAF (SUID 32, Kc from the exporter)"
grep -qi "$K_PHONE" <<<"$BODY" && die "device maf-key printed the Km"
PHONE_ID=$(sed -n 's/^identity=//p' "$W/phone.key")
PHONE_KEY=$(sed -n 's/^key=//p' "$W/phone.key")
grep -q "$PHONE_KEY" <<<"$BODY" && die "device maf-key printed the Kc"
phone Cphone POST /cse-in 2 '{"m2m:ae":{"rn":"phone","api":"Nphone","rr":false,"srv":["3"]}}'
expect 2001 "Cphone registers over TLS-PSK with the MAF key ($PHONE_ID; the CSE fetched Kc from the MAF)"
phone Cother GET /cse-in/phone
expect 4106 "another originator over the phone's MAF key is refused"

# 6. The operator revokes the device: at the MEF (it prints the certificates it issued), then at the CSE.
RSC=0
REVOKED=$(mef enrolee revoke --kpm-id kpm-dev1 2>&1) || RSC=$?
BODY=$REVOKED
expect 0 "mef enrolee revoke: the Kpm is withdrawn, the registration and Ke deleted"
grep -qx "$FP" <<<"$REVOKED" || die "the revoked enrolee's certificates do not include $FP: $REVOKED"
cli "credentials cert revoke: the CSE refuses the device's certificate" \
  "$BASTION" credentials --data "$W/cse" cert revoke --fingerprint "$FP"
device Cdev1 GET /cse-in/dev1
[[ -z $RSC && $BODY =~ ^curl\ exit\ (35|56)$ ]] && RSC=tls
expect tls "the device's next handshake with the revoked certificate fails (curl: TLS error, no response)"
RSC=0
BODY=$(echo "$KPM" | "$BASTION" device enrol --mef "127.0.0.1:$MEF" --kpm-id kpm-dev1 --key - \
       --admin-fqdn $ADMIN_FQDN --out "$W/dev1-again" 2>&1) || RSC=$?
expect 1 "the device can no longer enrol with its Kpm"

# 7. The operator removes the phone's KmID at the MAF: the MAF stops serving its keys, the CSE drops them.
cli "credentials psk remove at the MAF: the phone's KmID is gone" \
  "$BASTION" credentials --data "$W/maf" psk remove --identity $KM_PHONE
for _ in $(seq 1 50); do
  phone Cphone GET /cse-in/phone
  [[ -z $RSC ]] && break
  sleep 0.2
done
RSC=${RSC:-tls}
expect tls "the phone's MAF key no longer opens TLS-PSK at the CSE (its next recheck at the MAF failed)"

finish
