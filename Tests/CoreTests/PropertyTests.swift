import GatehouseCore
import Testing

/// Laws of the pure parsers and algebras, checked on seeded random cases (bounded in number, the
/// same on every run; a failure prints the case).
@Suite("properties (seeded)")
struct PropertyTests {
    static let cases = 500

    @Test("JSON: parse ∘ serialize = id on valid values")
    func jsonRoundTrip() throws {
        var random = SeededGenerator(seed: 0x6A73_6F6E)
        for _ in 0..<Self.cases {
            let value = Self.jsonValue(depth: 3, using: &random)
            let text = value.jsonText
            let parsed = try JSONValue.parse(text)
            #expect(parsed == value, "\(text)")
            #expect(parsed.serialized() == value.serialized(), "\(text)")
        }
    }

    @Test("base64url: decode ∘ encode = id, and every other text for the same bytes is refused")
    func base64URLCanonical() {
        var random = SeededGenerator(seed: 0x6236_3475)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<Self.cases {
            let bytes = random.bytes(maxLength: 64)
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes)
            #expect(!text.contains("="))
            if bytes.count % 3 != 0 {
                #expect(Base64URL.decode(text + "=") == nil, "padded \(text)")
                // Setting any unused low bit of the last character gives a second text: refused.
                var characters = Array(text)
                let last = alphabet.firstIndex(of: characters.removeLast())!
                let unusedBits = bytes.count % 3 == 1 ? 4 : 2
                let flipped = last | (1 << Int.random(in: 0..<unusedBits, using: &random))
                if flipped != last {
                    #expect(Base64URL.decode(String(characters + [alphabet[flipped]])) == nil, "non-canonical \(text)")
                }
            }
            // Any text a decoder accepts is the encoding of what it decodes to.
            let noise = String((0..<Int.random(in: 0...12, using: &random)).map { _ in random.pick(alphabet + ["=", "+"]) })
            if let decoded = Base64URL.decode(noise) { #expect(Base64URL.encode(decoded) == noise) }
        }
    }

    @Test("scope sets: intersection is commutative, idempotent, exactly what both allow; ⊆ is transitive")
    func scopeAlgebra() throws {
        var random = SeededGenerator(seed: 0x7363_6F70)
        let universe = Self.scopeUniverse
        for _ in 0..<Self.cases {
            let a = Self.scopeSet(using: &random), b = Self.scopeSet(using: &random), c = Self.scopeSet(using: &random)
            let ab = a.intersection(b)
            #expect(ab == b.intersection(a), "\(a) ∩ \(b)")
            #expect(a.intersection(a) == a, "\(a)")
            #expect(ab.intersection(c) == a.intersection(b.intersection(c)), "(\(a) ∩ \(b)) ∩ \(c)")
            #expect(a.covers(ab) && b.covers(ab), "\(a) ∩ \(b) = \(ab)")
            for scope in universe {
                #expect(ab.allows(scope) == (a.allows(scope) && b.allows(scope)), "\(scope) in \(a) ∩ \(b)")
            }
            if a.covers(b) && b.covers(c) { #expect(a.covers(c), "\(c) ⊆ \(b) ⊆ \(a)") }
            #expect(a.covers(b) == (a.intersection(b) == b), "\(b) ⊆ \(a)")
            #expect(ScopeSet(parsing: a.description) == a, "\(a) reparsed")
        }
    }

    @Test("phone normalisation is idempotent and yields E.164 or nothing")
    func phoneIdempotent() {
        var random = SeededGenerator(seed: 0x7068_6F6E)
        let characters = Array("0123456789+ -.()")
        for _ in 0..<Self.cases * 4 {
            let length = Int.random(in: 1...20, using: &random)
            let text = String((0..<length).map { _ in random.pick(characters) })
            let country = random.pick(["1", "33", "44", "49", "351", "7"])
            guard let once = PhoneNumber.normalize(text, defaultCountryCode: country) else { continue }
            #expect(PhoneNumber.normalize(once, defaultCountryCode: country) == once, "\(text) → \(once)")
            #expect(PhoneNumber.normalize(once, defaultCountryCode: "44") == once, "\(once) under +44")
            #expect(PhoneNumber.isE164(once), "\(text) → \(once)")
        }
    }

    // MARK: generators

    static func jsonValue(depth: Int, using random: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(random.pick([0, 1, -1, .max, .min, Int64.random(in: -1_000_000...1_000_000, using: &random)]))
        case 3:
            let mantissa = Double(Int64.random(in: -99_999...99_999, using: &random))
            return .number(mantissa / 1024 + 0.5)
        case 4, 5: return .string(jsonString(using: &random))
        case 6: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in jsonValue(depth: depth - 1, using: &random) })
        default:
            var seen = Set<String>()
            let members = (0..<Int.random(in: 0...4, using: &random)).compactMap { _ -> (String, JSONValue)? in
                let name = jsonString(using: &random)
                guard seen.insert(name).inserted else { return nil }
                return (name, jsonValue(depth: depth - 1, using: &random))
            }
            return .object(JSONObject(members))
        }
    }

    static func jsonString(using random: inout SeededGenerator) -> String {
        let pieces: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7F}", "é", "€", "😀", "\u{2028}"]
        return (0..<Int.random(in: 0...8, using: &random)).map { _ in random.pick(pieces) }.joined()
    }

    static let scopeUniverse: [Scope] = {
        let resources = ["*", "data", "keys", "audit", "users"], actions = ["*", "read", "write", "manage"]
        return resources.flatMap { resource in actions.compactMap { Scope("\(resource):\($0)") } } + [Scope("*")!]
    }()

    static func scopeSet(using random: inout SeededGenerator) -> ScopeSet {
        ScopeSet((0..<Int.random(in: 0...4, using: &random)).map { _ in random.pick(scopeUniverse) })
    }
}
