import Crypto
import Foundation
import Testing

@testable import GatehouseCore

/// Loads the Wycheproof vector files vendored in `Tests/Fixtures/wycheproof` (Apache 2.0, see the
/// LICENSE beside them), parsed with our own JSON parser.
enum Wycheproof {
    /// `Tests/Fixtures/wycheproof`, found from this file's path.
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/wycheproof")
    }

    static func load(_ name: String) throws -> JSONObject {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try #require(try JSONValue.parse(Array(data), maxDepth: 16).objectValue)
    }

    static func groups(_ file: JSONObject) throws -> [JSONObject] {
        try #require(file["testGroups"]?.arrayValue).map { try #require($0.objectValue) }
    }

    static func hex(_ text: String) throws -> [UInt8] {
        let digits = Array(text.utf8)
        try #require(digits.count % 2 == 0)
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            try #require(UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16))
        }
    }

    /// A big-endian integer from Wycheproof hex, as exactly `length` bytes (leading zero bytes dropped or added).
    static func fixedWidth(_ text: String, length: Int) throws -> [UInt8] {
        var bytes = try hex(text)
        while bytes.count > length, bytes.first == 0 { bytes.removeFirst() }
        try #require(bytes.count <= length)
        return [UInt8](repeating: 0, count: length - bytes.count) + bytes
    }

    /// Tallies vectors by outcome and checks each against its expected result.
    struct Tally: CustomStringConvertible {
        var valid = 0
        var invalid = 0
        var acceptable = 0
        var total: Int { valid + invalid + acceptable }

        mutating func check(
            result: String,
            accepted: Bool,
            _ label: @autoclosure () -> String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            switch result {
            case "valid":
                valid += 1
                #expect(accepted, "\(label()) should verify", sourceLocation: sourceLocation)
            case "invalid":
                invalid += 1
                #expect(!accepted, "\(label()) should be refused", sourceLocation: sourceLocation)
            default:
                acceptable += 1
            }
        }

        var description: String { "\(total) vectors (\(valid) valid, \(invalid) invalid, \(acceptable) acceptable)" }
    }
}

@Suite("Wycheproof")
struct WycheproofTests {
    @Test("ECDSA P-256 SHA-256 P1363: all 262 vectors through VerificationKey")
    func ecdsaP1363() throws {
        let file = try Wycheproof.load("ecdsa_secp256r1_sha256_p1363_test.json")
        var tally = Wycheproof.Tally()
        var highS = 0
        for group in try Wycheproof.groups(file) {
            let publicKey = try #require(group["publicKey"]?.objectValue)
            let x = try Wycheproof.fixedWidth(#require(publicKey["wx"]?.stringValue), length: 32)
            let y = try Wycheproof.fixedWidth(#require(publicKey["wy"]?.stringValue), length: 32)
            let key = VerificationKey(
                kid: "wycheproof",
                publicKey: .p256(try P256.Signing.PublicKey(rawRepresentation: x + y))
            )
            if let jwk = group["publicKeyJwk"]?.objectValue {
                var named = jwk
                named["kid"] = "wycheproof"
                #expect(try VerificationKey(publicJWK: named).publicJWK() == key.publicJWK())
            }
            for test in try #require(group["tests"]?.arrayValue) {
                let id = try #require(test["tcId"]?.integerValue)
                let signature = try Wycheproof.hex(#require(test["sig"]?.stringValue))
                let accepted = key.isValidSignature(
                    signature, for: try Wycheproof.hex(#require(test["msg"]?.stringValue))
                )
                var result = try #require(test["result"]?.stringValue)
                // Wycheproof calls a high-s signature (s > n/2) valid, as plain ECDSA does; SPEC §5
                // refuses them (they are malleable: (r, n − s) verifies too), so here they must fail.
                if result == "valid", signature.count == 64, ECDSALowSTests.isHigh(Array(signature[32...])) {
                    result = "invalid"
                    highS += 1
                }
                tally.check(result: result, accepted: accepted, "tcId \(id)")
            }
        }
        print("Wycheproof ECDSA P-256 P1363: ran \(tally); \(highS) valid high-s vectors expected refused")
        #expect(highS > 0)
        #expect(tally.total == file["numberOfTests"]?.integerValue.map(Int.init))
        #expect(tally.total == 262)
    }

    @Test("Ed25519: all 151 vectors through VerificationKey")
    func ed25519() throws {
        let file = try Wycheproof.load("ed25519_test.json")
        var tally = Wycheproof.Tally()
        for group in try Wycheproof.groups(file) {
            let publicKey = try #require(group["publicKey"]?.objectValue)
            let raw = try Wycheproof.hex(#require(publicKey["pk"]?.stringValue))
            let key = VerificationKey(
                kid: "wycheproof",
                publicKey: .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: raw))
            )
            if let jwk = group["publicKeyJwk"]?.objectValue {
                #expect(try VerificationKey(publicJWK: jwk).publicJWK()["x"] == key.publicJWK()["x"])
            }
            for test in try #require(group["tests"]?.arrayValue) {
                let id = try #require(test["tcId"]?.integerValue)
                let accepted = key.isValidSignature(
                    try Wycheproof.hex(#require(test["sig"]?.stringValue)),
                    for: try Wycheproof.hex(#require(test["msg"]?.stringValue))
                )
                tally.check(result: try #require(test["result"]?.stringValue), accepted: accepted, "tcId \(id)")
            }
        }
        print("Wycheproof Ed25519: ran \(tally)")
        #expect(tally.total == file["numberOfTests"]?.integerValue.map(Int.init))
        #expect(tally.total == 151)
    }

    /// Groups whose key Gatehouse supports: EC P-256 and OKP Ed25519. Everything else (HMAC, RSA,
    /// P-521, JWE) is counted and skipped.
    private static func isApplicable(_ key: JSONObject?) -> Bool {
        switch (key?["kty"], key?["crv"]) {
        case (.string("EC")?, .string("P-256")?), (.string("OKP")?, .string("Ed25519")?): true
        default: false
        }
    }

    @Test("JSON Web Signature: 41 ES256 compact cases through signature-level JWS verification, 360 others skipped")
    func jsonWebSignature() throws {
        let file = try Wycheproof.load("json_web_signature_test.json")
        var highS = 0
        var tally = Wycheproof.Tally()
        var refusedByKeySet = 0
        var skippedOtherAlgorithms = 0
        var skippedNonCompact = 0
        var seen = 0
        for group in try Wycheproof.groups(file) {
            let tests = try #require(group["tests"]?.arrayValue)
            seen += tests.count
            let privateKey = group["private"]?.objectValue
            guard Self.isApplicable(privateKey), let privateKey else {
                skippedOtherAlgorithms += tests.count
                continue
            }
            let keys = try? JWKSet(privateJWKSetJSON: JSONValue.object(["keys": [.object(privateKey)]]).jsonText)
            if let publicKey = group["public"]?.objectValue, let keys {
                let published = try VerificationKey(publicJWK: publicKey)
                #expect(published.publicJWK()["x"] == keys.keys.first?.publicJWK()["x"])
            }
            for test in tests {
                let id = try #require(test["tcId"]?.integerValue)
                guard case .string(let token)? = test["jws"] else {
                    skippedNonCompact += 1
                    continue
                }
                var accepted = false
                if let keys {
                    accepted = (try? CompactJWS.verify(token, keys: keys.verificationKeys, maxLength: 8192, expectedType: nil)) != nil
                } else {
                    refusedByKeySet += 1
                }
                var result = try #require(test["result"]?.stringValue)
                // A valid ES256 token whose signature has a high s is refused by SPEC §5 (malleable).
                if result == "valid", let signature = Self.signature(of: token), signature.count == 64,
                    ECDSALowSTests.isHigh(Array(signature[32...]))
                {
                    result = "invalid"
                    highS += 1
                }
                tally.check(result: result, accepted: accepted, "tcId \(id)")
            }
        }
        print(
            "Wycheproof JWS (\(highS) valid high-s tokens expected refused): ran \(tally) through CompactJWS (\(refusedByKeySet) refused already by the key set);"
                + " skipped \(skippedOtherAlgorithms) for other algorithms and \(skippedNonCompact) in JSON serialization"
        )
        #expect(seen == file["numberOfTests"]?.integerValue.map(Int.init))
        #expect(tally.total + skippedOtherAlgorithms + skippedNonCompact == seen)
        #expect(tally.total == 41)
        #expect(skippedOtherAlgorithms == 360)
        #expect(tally.valid + highS == 2)
    }

    /// The decoded signature of a compact JWS.
    static func signature(of token: String) -> [UInt8]? {
        token.split(separator: ".", omittingEmptySubsequences: false).last.flatMap { Base64URL.decode($0) }
    }
}
