import GatehouseCore
import Testing

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test("reads every kind of value")
    func valueKinds() throws {
        let value = try JSONValue.parse(
            #" { "n": null, "t": true, "f": false, "i": -42, "d": 1.5, "e": 2E3, "s": "x", "a": [1, [], {}], "#
                + #""o": {"k": "v"} } "#
        )
        #expect(
            value
                == .object(
                    JSONObject([
                        ("n", .null), ("t", true), ("f", false), ("i", -42), ("d", .number(1.5)), ("e", .number(2000)),
                        ("s", "x"), ("a", [1, .array([]), .object(JSONObject())]), ("o", ["k": "v"]),
                    ])
                )
        )
    }

    @Test(
        "keeps member order",
        arguments: [(#"{"b":1,"a":2,"c":3}"#, ["b", "a", "c"]), (#"{"z":{"y":0},"x":0}"#, ["z", "x"])]
    )
    func memberOrder(text: String, names: [String]) throws {
        #expect(try JSONValue.parse(text).objectValue?.names == names)
    }

    @Test("accepts any top-level value and only JSON whitespace around it")
    func topLevel() throws {
        #expect(try JSONValue.parse(" \t\r\n\"x\"\n") == "x")
        #expect(try JSONValue.parse("0") == 0)
        #expect(try JSONValue.parse("null") == .null)
    }

    @Test(
        "reads numbers as integers when integral and within Int64, otherwise as doubles",
        arguments: [
            ("0", JSONValue.integer(0)),
            ("-0", .integer(0)),
            ("9223372036854775807", .integer(.max)),
            ("-9223372036854775808", .integer(.min)),
            ("9223372036854775808", .number(9.223372036854775808e18)),
            ("-9223372036854775809", .number(-9.223372036854775809e18)),
            ("1.0", .number(1)),
            ("1e2", .number(100)),
            ("1E+2", .number(100)),
            ("25e-1", .number(2.5)),
            ("-0.000001", .number(-0.000001)),
            ("1.7976931348623157e308", .number(.greatestFiniteMagnitude)),
        ]
    )
    func numbers(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test(
        "decodes escapes, including surrogate pairs",
        arguments: [
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
            (#""\u0041\u00e9\u20AC""#, "Aé€"),
            (#""\ud83d\ude00""#, "😀"),
            (#""a\u0000b""#, "a\u{0}b"),
            ("\"é😀 raw\"", "é😀 raw"),
            (#""mixed é \n é""#, "mixed é \n é"),
        ]
    )
    func escapes(text: String, expected: String) throws {
        #expect(try JSONValue.parse(text) == .string(expected))
    }

    @Test(
        "refuses documents strict RFC 8259 does not allow",
        arguments: [
            ("", JSONParseError.Reason.unexpectedEnd),
            ("   ", .unexpectedEnd),
            ("[1,]", .unexpectedByte),
            (#"{"a":1,}"#, .unexpectedByte),
            ("[,1]", .unexpectedByte),
            (#"{"a" 1}"#, .unexpectedByte),
            ("{a:1}", .unexpectedByte),
            ("['a']", .unexpectedByte),
            ("// c\n1", .unexpectedByte),
            ("/* c */ 1", .unexpectedByte),
            ("[1 /* c */]", .unexpectedByte),
            ("NaN", .unexpectedByte),
            ("Infinity", .unexpectedByte),
            ("-Infinity", .invalidNumber),
            ("+1", .unexpectedByte),
            ("01", .leadingZero),
            ("-01", .leadingZero),
            ("00", .leadingZero),
            ("1.", .unexpectedEnd),
            ("1.e5", .invalidNumber),
            (".5", .unexpectedByte),
            ("1e", .unexpectedEnd),
            ("1e+", .unexpectedEnd),
            ("-", .unexpectedEnd),
            ("0x10", .trailingData),
            ("1e400", .numberOutOfRange),
            ("-1e400", .numberOutOfRange),
            ("tru", .unexpectedEnd),
            ("nul", .unexpectedEnd),
            ("True", .unexpectedByte),
            ("nulls", .trailingData),
            ("1 2", .trailingData),
            (#"{"a":1}}"#, .trailingData),
            ("\u{0C}1", .unexpectedByte),
            ("\u{A0}1", .unexpectedByte),
            ("\u{FEFF}1", .unexpectedByte),
            ("\"a\tb\"", .controlCharacter),
            ("\"a\nb\"", .controlCharacter),
            ("\"a\u{1F}\"", .controlCharacter),
            (#""\x41""#, .invalidEscape),
            (#""\'""#, .invalidEscape),
            (#""\u12""#, .invalidEscape),
            (#""\u12G4""#, .invalidEscape),
            (#""\U0041""#, .invalidEscape),
            (#""\ud800""#, .loneSurrogate),
            (#""\udc00""#, .loneSurrogate),
            (#""\ud800\u0041""#, .loneSurrogate),
            (#""\ud800\ud800""#, .loneSurrogate),
            (#""\ud800x""#, .loneSurrogate),
            (#""abc"#, .unexpectedEnd),
            ("[1", .unexpectedEnd),
            (#"{"a":"#, .unexpectedEnd),
            (#"{"a":1,"a":2}"#, .duplicateMemberName),
            (#"{"a":1,"\u0061":2}"#, .duplicateMemberName),
            (#"{"\/":1,"/":2}"#, .duplicateMemberName),
            (#"{"é":1,"\u00e9":2}"#, .duplicateMemberName),
            (#"{"x":{"a":1,"b":2,"a":3}}"#, .duplicateMemberName),
            (#"[{"a":1,"a":1}]"#, .duplicateMemberName),
        ]
    )
    func rejections(text: String, reason: JSONParseError.Reason) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason == reason
        }
    }

    @Test(
        "refuses ill-formed UTF-8 in strings",
        arguments: [
            [0x22, 0x80, 0x22],
            [0x22, 0xC0, 0xAF, 0x22],
            [0x22, 0xC1, 0xBF, 0x22],
            [0x22, 0xC3, 0x22],
            [0x22, 0xE0, 0x80, 0xAF, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xFF, 0x22],
            [0x22, 0xE2, 0x82],
        ] as [[UInt8]]
    )
    func invalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParseError(.invalidUTF8, at: 1)) { try JSONValue.parse(bytes) }
    }

    @Test("accepts well-formed multi-byte UTF-8 at the edges of each range")
    func validUTF8() throws {
        let bytes: [UInt8] = [
            0x22, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEF, 0xBF, 0xBF,
            0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22,
        ]
        #expect(try JSONValue.parse(bytes) == .string("\u{80}\u{7FF}\u{800}\u{D7FF}\u{FFFF}\u{10000}\u{10FFFF}"))
    }

    @Test("reports the byte offset of the problem")
    func offsets() {
        #expect(throws: JSONParseError(.duplicateMemberName, at: 8)) { try JSONValue.parse(#"{"a":1, "a":2}"#) }
        #expect(throws: JSONParseError(.unexpectedByte, at: 3)) { try JSONValue.parse("[1,]") }
        #expect(throws: JSONParseError(.trailingData, at: 2)) { try JSONValue.parse("1 x") }
    }

    @Test("describes errors without echoing the document")
    func secretFreeDescription() {
        do {
            _ = try JSONValue.parse(#"{"password":"hunter2", "password":"x"}"#)
            Issue.record("parsed a document with a duplicate member")
        } catch {
            #expect(!error.description.contains("password"))
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("duplicate member name"))
        }
    }

    @Test("enforces the depth limit on arrays and objects")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        let tooDeep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONParseError(.nestingTooDeep, at: 32)) { try JSONValue.parse(tooDeep) }
        let objects = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(throws: Never.self) { try JSONValue.parse(objects, maxDepth: 3) }
        #expect(throws: JSONParseError(.nestingTooDeep, at: 10)) { try JSONValue.parse(objects, maxDepth: 2) }
        let hostile = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError(.nestingTooDeep, at: 32)) { try JSONValue.parse(hostile) }
    }

    @Test("finds duplicates in objects large enough to be indexed")
    func largeObjectDuplicates() throws {
        let names = (0..<40).map { "\"k\($0)\":\($0)" }
        let unique = "{" + names.joined(separator: ",") + "}"
        #expect(try JSONValue.parse(unique).objectValue?.names.count == 40)
        let duplicate = "{" + (names + [#""k3":0"#]).joined(separator: ",") + "}"
        #expect(throws: JSONParseError.self) { try JSONValue.parse(duplicate) }
    }

    @Test("parses bytes from any collection the same way as text")
    func byteCollections() throws {
        let text = #"{"a":[1,"\u00e9"]}"#
        let expected = try JSONValue.parse(text)
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
        #expect(try JSONValue.parse(text.utf8) == expected)
        #expect(try JSONValue.parse(Array(text.utf8)[...]) == expected)
        #expect(try JSONValue.parse(text.utf8.reversed().reversed()) == expected)
    }
}
