#!/usr/bin/env bash
# A command-line SAML IdP for trying the broker by hand, signing and encrypting with xmlsec1 exactly as the tests'
# TestIdp does (tests/idp/README.md): RSA-2048 key, exc-c14n, RSA-SHA256, the assertion signed.
#
#   saml-idp.sh init DIR                     key, certificate and IdP metadata (DIR/metadata.xml) for `directory apply`,
#                                            and the broker's assertion decryption key (DIR/sp.key.pem, DIR/sp.crt.pem)
#   saml-idp.sh response DIR ROLE PROVIDER USER [RECIPIENT] [AUDIENCE]
#                                            prints a signed SAMLResponse (base64) for USER allowing ROLE via PROVIDER
#   saml-idp.sh form DIR ROLE PROVIDER USER ACS_URL [AUDIENCE]
#                                            prints an HTML page that auto-posts such a response to ACS_URL (browser SSO)
#
# With ENCRYPT=1 the signed assertion is encrypted to DIR/sp.crt.pem (EncryptedAssertion: AES-256-GCM content,
# RSA-OAEP key transport), as an IdP does for a provider with private keys.
set -euo pipefail
entity_id="https://idp.example.test/metadata"
command -v xmlsec1 >/dev/null || { echo "xmlsec1 is missing: apt-get install -y xmlsec1" >&2; exit 1; }

init() {
    local dir=$1
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -subj "/CN=idp.example.test" \
        -keyout "$dir/idp.key.pem" -out "$dir/idp.crt.pem" 2>/dev/null
    local cert
    cert=$(grep -v -- "-----" "$dir/idp.crt.pem" | tr -d '\n')
    cat > "$dir/metadata.xml" <<XML
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="$entity_id"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>$cert</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>
XML
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -subj "/CN=tokenbroker-sp" \
        -keyout "$dir/sp.key.pem" -out "$dir/sp.crt.pem" 2>/dev/null
    echo "$dir/metadata.xml"
}

# Replaces the signed saml:Assertion (already inside saml:EncryptedAssertion) with EncryptedData for DIR/sp.crt.pem.
encrypt() {
    local dir=$1 signed=$2
    local template="$signed.enc-template.xml"
    cat > "$template" <<XML
<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/><xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>
XML
    xmlsec1 --encrypt --pubkey-cert-pem "$dir/sp.crt.pem" --session-key aes-256 --xml-data "$signed" \
        --node-xpath "//*[local-name()='Assertion']" "$template"
    rm -f "$template"
}

response() {
    local dir=$1 role=$2 provider=$3 user=$4
    local recipient=${5:-https://signin.aws.amazon.com/saml} audience=${6:-urn:amazon:webservices}
    local now until session rid aid
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    until=$(date -u -d '+5 minutes' +%Y-%m-%dT%H:%M:%SZ)
    session=$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ)
    rid="_r$(openssl rand -hex 16)"
    aid="_a$(openssl rand -hex 16)"
    local unsigned="$dir/unsigned-$aid.xml" signed="$dir/signed-$aid.xml" open="" close=""
    if [ "${ENCRYPT:-0}" = 1 ]; then
        open="<saml:EncryptedAssertion>" close="</saml:EncryptedAssertion>"
    fi
    cat > "$unsigned" <<XML
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="$rid" Version="2.0" IssueInstant="$now" Destination="$recipient"><saml:Issuer>$entity_id</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>$open<saml:Assertion ID="$aid" Version="2.0" IssueInstant="$now"><saml:Issuer>$entity_id</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#$aid"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">$user</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="$until" Recipient="$recipient"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="$now" NotOnOrAfter="$until"><saml:AudienceRestriction><saml:Audience>$audience</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="$now" SessionNotOnOrAfter="$session"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>$role,$provider</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>$user</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department"><saml:AttributeValue>Engineering</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>$close</samlp:Response>
XML
    xmlsec1 --sign --privkey-pem "$dir/idp.key.pem,$dir/idp.crt.pem" \
        --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
        --node-xpath "//*[local-name()='Assertion']/*[local-name()='Signature']" "$unsigned" > "$signed"
    if [ "${ENCRYPT:-0}" = 1 ]; then
        encrypt "$dir" "$signed" | base64 -w0
    else
        base64 -w0 < "$signed"
    fi
    rm -f "$unsigned" "$signed"
    echo
}

form() {
    local dir=$1 role=$2 provider=$3 user=$4 acs=$5 audience=${6:-urn:amazon:webservices}
    local saml
    saml=$(response "$dir" "$role" "$provider" "$user" "$acs" "$audience")
    printf '<!DOCTYPE html><html><body><form method="post" action="%s"><input type="hidden" name="SAMLResponse" value="%s"><noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script></body></html>\n' "$acs" "$saml"
}

command=${1:-}
shift || true
case "$command" in
    init) init "$@" ;;
    response) response "$@" ;;
    form) form "$@" ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
