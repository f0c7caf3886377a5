import GatehouseCore
import Testing

@Suite("API key format")
struct APIKeyTests {
    @Test(
        "generated keys have the documented shape and parse back",
        arguments: [
            (APIKey.Kind.apiKey, false, "ak_live_"), (.apiKey, true, "ak_test_"), (.agentKey, false, "agk_live_"),
            (.agentKey, true, "agk_test_"), (.platformSecret, false, "sk_live_"),
        ])
    func generatedKeysRoundTrip(kind: APIKey.Kind, test: Bool, prefix: String) throws {
        let key = APIKey.generate(kind, test: test)
        #expect(key.text.hasPrefix(prefix))
        #expect(key.text.count == prefix.count + 36)
        let parsed = try #require(APIKey.parse(key.text))
        #expect(parsed == key)
        #expect(parsed.isTest == test)
        #expect(key.displayPrefix == String(key.text.prefix(14)))
        #expect(!key.description.contains(key.text.dropFirst(14)))
    }

    @Test("the secret part carries at least 128 bits: two keys never collide")
    func keysAreDistinct() {
        let keys = Set((0..<1000).map { _ in APIKey.generate().text })
        #expect(keys.count == 1000)
        // 30 base62 characters: 30 × log2(62) ≈ 178.6 bits.
        #expect(APIKey.randomLength >= 22)
    }

    @Test("any changed character breaks the checksum")
    func checksumCatchesTypos() {
        let key = APIKey.generate().text
        var rejected = 0
        let characters = Array(key)
        for index in 8..<characters.count {
            var changed = characters
            changed[index] = changed[index] == "a" ? "b" : "a"
            if APIKey.parse(String(changed)) == nil { rejected += 1 }
        }
        #expect(rejected == characters.count - 8)
    }

    @Test(
        "malformed keys are refused",
        arguments: [
            "", "ak_live_", "ak_live_short", "ak_prod_0123456789012345678901234567890123456",
            "AK_LIVE_012345678901234567890123456789abcdef", "sk_test_012345678901234567890123456789abcdef",
            "ak_live_01234567890123456789012345678!abcdef", "ak_live_" + String(repeating: "a", count: 200),
        ])
    func malformedKeys(text: String) {
        #expect(APIKey.parse(text) == nil)
    }

    @Test("the stored hash is the SHA-256 of the whole key")
    func hashIsSHA256() throws {
        // SHA-256("abc"), FIPS 180-2 appendix B.1, checks the hex encoding path.
        #expect(Hex.encode([0xBA, 0x78, 0x16, 0xBF]) == "ba7816bf")
        let key = APIKey.generate()
        #expect(key.hash.count == 32)
        #expect(key.hashHex.count == 64)
        #expect(key.hashHex == Hex.encode(key.hash))
    }

    @Test("CRC-32 and base62 match their reference values")
    func checksumPrimitives() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Base62.encode(0, width: 6) == "000000")
        #expect(Base62.encode(61, width: 2) == "0z")
        #expect(Base62.encode(UInt32.max, width: 6) == "4gfFC3")
        let random = Base62.random(count: 500)
        #expect(random.count == 500 && Base62.isBase62(random.utf8))
    }

    @Test("constant-time comparison agrees with equality")
    func constantTime() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([UInt8](), [0]))
        #expect(ConstantTime.equals("same", "same"))
        #expect(!ConstantTime.equals("same", "Same"))
    }
}
