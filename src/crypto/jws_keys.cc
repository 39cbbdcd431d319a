// RS256/ES256 over Crypto++ (see jws_keys.h).
#include "crypto/jws_keys.h"

#include <cryptopp/eccrypto.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/queue.h>
#include <cryptopp/rsa.h>
#include <cryptopp/sha.h>

#include "crypto/encoding.h"

namespace keel::crypto {
namespace {

using CryptoPP::byte;

const byte* Bytes(std::string_view s) { return reinterpret_cast<const byte*>(s.data()); }

CryptoPP::Integer BigEndian(std::string_view s) {
  return CryptoPP::Integer(Bytes(s), s.size(), CryptoPP::Integer::UNSIGNED);
}

class RsaKey final : public JwsPublicKey {
 public:
  explicit RsaKey(CryptoPP::RSA::PublicKey key) : verifier_(key) {}
  JwsAlg alg() const override { return JwsAlg::kRs256; }
  bool Verify(std::string_view input, std::string_view sig) const override {
    if (sig.size() != verifier_.SignatureLength()) return false;
    return verifier_.VerifyMessage(Bytes(input), input.size(), Bytes(sig), sig.size());
  }

 private:
  CryptoPP::RSASS<CryptoPP::PKCS1v15, CryptoPP::SHA256>::Verifier verifier_;
};

class P256Key final : public JwsPublicKey {
 public:
  explicit P256Key(const CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey& key)
      : verifier_(key) {}
  JwsAlg alg() const override { return JwsAlg::kEs256; }
  bool Verify(std::string_view input, std::string_view sig) const override {
    if (sig.size() != 64) return false;
    return verifier_.VerifyMessage(Bytes(input), input.size(), Bytes(sig), sig.size());
  }

 private:
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Verifier verifier_;
};

}  // namespace

StatusOr<std::unique_ptr<JwsPublicKey>> RsaPublicKey(std::string_view n, std::string_view e) {
  if (n.empty() || e.empty() || e.size() > 8) return Status::BadRequest("bad RSA key");
  CryptoPP::Integer modulus = BigEndian(n);
  CryptoPP::Integer exponent = BigEndian(e);
  if (modulus.BitCount() < 2048 || modulus.BitCount() > 8192) {
    return Status::BadRequest("RSA key must have 2048 to 8192 bits");
  }
  if (exponent < 3 || exponent.IsEven()) return Status::BadRequest("bad RSA exponent");
  CryptoPP::RSA::PublicKey key;
  key.Initialize(modulus, exponent);
  return std::unique_ptr<JwsPublicKey>(new RsaKey(key));
}

StatusOr<std::unique_ptr<JwsPublicKey>> P256PublicKey(std::string_view x, std::string_view y) {
  if (x.size() != 32 || y.size() != 32) return Status::BadRequest("bad P-256 key");
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PublicKey key;
  key.Initialize(CryptoPP::ASN1::secp256r1(), CryptoPP::ECP::Point(BigEndian(x), BigEndian(y)));
  CryptoPP::AutoSeededRandomPool rng;
  if (!key.Validate(rng, 3)) return Status::BadRequest("P-256 point is not on the curve");
  return std::unique_ptr<JwsPublicKey>(new P256Key(key));
}

StatusOr<Es256Signer> Es256Signer::FromPkcs8(std::string_view pem_or_der) {
  std::string der(pem_or_der);
  if (pem_or_der.find("-----BEGIN") != std::string_view::npos) {
    std::string b64;
    bool inside = false;
    size_t pos = 0;
    while (pos < pem_or_der.size()) {
      size_t end = pem_or_der.find('\n', pos);
      if (end == std::string_view::npos) end = pem_or_der.size();
      std::string_view line = pem_or_der.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0) {
        inside = true;
      } else if (line.rfind("-----END", 0) == 0) {
        inside = false;
      } else if (inside) {
        b64 += line;
      }
      pos = end + 1;
    }
    std::optional<std::string> decoded = Base64Decode(b64);
    if (!decoded) return Status::BadRequest("not a PEM PKCS#8 private key");
    der = *decoded;
  }
  try {
    CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey key;
    CryptoPP::ByteQueue queue;
    queue.Put(Bytes(der), der.size());
    queue.MessageEnd();
    key.Load(queue);
    CryptoPP::AutoSeededRandomPool rng;
    if (!key.Validate(rng, 3) ||
        key.GetGroupParameters().GetCurve().GetField().GetModulus() !=
            CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP>(CryptoPP::ASN1::secp256r1())
                .GetCurve()
                .GetField()
                .GetModulus()) {
      return Status::BadRequest("not a P-256 private key");
    }
  } catch (const CryptoPP::Exception&) {
    return Status::BadRequest("not a PKCS#8 EC private key");
  }
  Es256Signer signer;
  signer.der_ = std::move(der);
  return signer;
}

std::string Es256Signer::Sign(std::string_view signing_input) const {
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::PrivateKey key;
  CryptoPP::ByteQueue queue;
  queue.Put(Bytes(der_), der_.size());
  queue.MessageEnd();
  key.Load(queue);
  // A pool made now, in this process, seeded from the OS (crypto/random.h explains why
  // no generator may outlive a fork).
  CryptoPP::AutoSeededRandomPool rng;
  CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>::Signer signer(key);
  std::string sig(signer.MaxSignatureLength(), '\0');
  size_t n = signer.SignMessage(rng, Bytes(signing_input), signing_input.size(),
                                reinterpret_cast<byte*>(sig.data()));
  sig.resize(n);
  return sig;
}

}  // namespace keel::crypto
