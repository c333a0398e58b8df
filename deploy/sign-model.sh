#!/bin/sh
# Signs EdgeLstm model files for agents configured with Detection:ModelPublicKey.
#
#   deploy/sign-model.sh new-key DIR        writes DIR/model-signing.key (private: keep it off the gateways)
#                                           and DIR/model-signing.pub.pem (copy to /etc/edgelstm/ on each gateway)
#   deploy/sign-model.sh sign KEY MODEL     writes MODEL.sig next to MODEL
#   deploy/sign-model.sh verify PUB MODEL   checks MODEL.sig as the agent does
#
# The signature is ECDSA P-256 over SHA-256 of the model file's bytes, in DER form (an ASN.1 SEQUENCE of r and s),
# which is what `openssl dgst -sha256 -sign` writes and what the agent reads (not the raw 64-byte IEEE P1363 r||s).
# A model is signed only when it records its creation time (provenance.created, written by edgelstm-train): the
# signature covers it, and an agent refuses a signed model older than the one it runs unless
# Detection:AllowModelRollback is true, so an old, validly signed model cannot be replayed onto a gateway.
# Install the model and its signature together: copy MODEL.sig first, then MODEL (the agent rereads both once the
# files have stayed unchanged for Detection:ModelSettleSeconds).
set -eu

usage() {
    sed -n '4,7p' "$0" >&2
    exit 64
}

# The creation time inside the model's header (the config is a JSON string there, so its quotes are escaped).
created() {
    head -c 1048576 "$1" | LC_ALL=C grep -ao 'created\\":\\"[^\\]*' | head -n 1 | sed 's/.*\\"//'
}

[ $# -ge 2 ] || usage
command -v openssl >/dev/null || { echo "sign-model.sh: openssl is required (apt-get install openssl)" >&2; exit 69; }

case "$1" in
    new-key)
        [ $# -eq 2 ] || usage
        mkdir -p "$2"
        umask 077
        openssl ecparam -name prime256v1 -genkey -noout -out "$2/model-signing.key"
        openssl ec -in "$2/model-signing.key" -pubout -out "$2/model-signing.pub.pem" 2>/dev/null
        chmod 644 "$2/model-signing.pub.pem"
        echo "private key: $2/model-signing.key (keep secret); public key: $2/model-signing.pub.pem"
        ;;
    sign)
        [ $# -eq 3 ] || usage
        when=$(created "$3")
        [ -n "$when" ] || { echo "sign-model.sh: $3 records no creation time (provenance.created); write it with a current edgelstm-train" >&2; exit 65; }
        openssl dgst -sha256 -sign "$2" -out "$3.sig" "$3"
        echo "signed: $3.sig (model created $when)"
        ;;
    verify)
        [ $# -eq 3 ] || usage
        openssl dgst -sha256 -verify "$2" -signature "$3.sig" "$3"
        ;;
    *)
        usage
        ;;
esac
