import GatehouseCore
import Testing

@Suite("form URL decoding is one pass over the bytes")
struct FormURLEncodedTests {
    @Test("64 KiB of short pairs decode to every pair, in order, and re-encode to the same text")
    func largeForm() throws {
        let pairs = (0..<1_500).map { ("k\($0)", "v\($0) +&=é") }
        let text = FormURLEncoded.encode(pairs)
        let padding = (65_536 - text.utf8.count) / 4
        let form = text + "&" + String(repeating: "a=b&", count: padding)
        #expect(padding > 1_000 && form.utf8.count >= 65_000)
        let decoded = try #require(FormURLEncoded.decode(form))
        #expect(decoded.count == pairs.count + padding)
        #expect(decoded.prefix(pairs.count).map(\.name) == pairs.map(\.0))
        #expect(decoded.prefix(pairs.count).map(\.value) == pairs.map(\.1))
        #expect(decoded.dropFirst(pairs.count).allSatisfy { $0.name == "a" && $0.value == "b" })
        #expect(FormURLEncoded.encode(decoded.prefix(pairs.count).map { ($0.name, $0.value) }) == text)
    }

    @Test("& and = split as bytes: a combining mark after them does not merge them into one character")
    func byteSplit() throws {
        let pairs = try #require(FormURLEncoded.decode("a=1&\u{301}b=2&c=\u{301}x"))
        #expect(pairs.map(\.name) == ["a", "\u{301}b", "c"])
        #expect(pairs.map(\.value) == ["1", "2", "\u{301}x"])
    }

    @Test("an escape cut short at the end of a piece is refused, not read from the next one")
    func truncatedEscape() {
        #expect(FormURLEncoded.decode("a=%4&b=1") == nil)
        #expect(FormURLEncoded.decode("a=%") == nil)
        #expect(FormURLEncoded.decode("a%=1") == nil)
        #expect(FormURLEncoded.percentDecode("%41%42", plusAsSpace: false) == "AB")
    }
}
