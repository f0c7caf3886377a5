import GatehouseCore
import Testing

@Suite("JSON serialization")
struct JSONSerializationTests {
    @Test("writes compact JSON with members in order")
    func compact() {
        let value: JSONValue = ["b": 1, "a": [true, false, nil], "c": ["d": "e"], "f": .number(1.5)]
        #expect(value.jsonText == #"{"b":1,"a":[true,false,null],"c":{"d":"e"},"f":1.5}"#)
        #expect(JSONObject([("z", 1), ("y", 2)]).jsonText == #"{"z":1,"y":2}"#)
        #expect(JSONValue.array([]).jsonText == "[]")
        #expect(JSONValue.object(JSONObject()).jsonText == "{}")
    }

    @Test(
        "escapes quotes, backslashes and control characters only",
        arguments: [
            ("plain", #""plain""#),
            ("q\"b\\s/", #""q\"b\\s/""#),
            ("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#),
            ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{7F}é€😀", "\"\u{7F}é€😀\""),
            ("</script>", #""</script>""#),
        ]
    )
    func escaping(string: String, expected: String) {
        #expect(JSONValue.string(string).jsonText == expected)
        #expect(JSONValue.string(string).serialized() == Array(expected.utf8))
    }

    @Test(
        "writes numbers in shortest round-trip form, doubles always with a fraction or exponent",
        arguments: [
            (JSONValue.integer(0), "0"),
            (.integer(.min), "-9223372036854775808"),
            (.integer(.max), "9223372036854775807"),
            (.number(1), "1.0"),
            (.number(-0.0), "-0.0"),
            (.number(0.1), "0.1"),
            (.number(1e20), "1e+20"),
            (.number(1e-7), "1e-07"),
            (.number(.leastNonzeroMagnitude), "5e-324"),
            (.number(.greatestFiniteMagnitude), "1.7976931348623157e+308"),
            (.number(.nan), "null"),
            (.number(.infinity), "null"),
        ]
    )
    func numbers(value: JSONValue, expected: String) {
        #expect(value.jsonText == expected)
    }

    static let roundTripValues: [JSONValue] = [
        .null, true, 0, -1, .integer(.max), .integer(.min), .number(0.1), .number(-0.0), .number(1e300),
        .number(1), .number(123_456.789), .number(.leastNonzeroMagnitude), .number(2.5e-8),
        "", "\u{0}\u{1F}\"\\/\n", "é😀\u{10FFFF}",
        [1, "a", nil, [[]], ["k": [.number(1.5)]]],
        ["a": 1, "b": ["c": ["d": nil]], "": "empty name", "\u{0}": "nul name"],
    ]

    @Test("parse(serialized()) gives back the same value", arguments: roundTripValues)
    func roundTrip(value: JSONValue) throws {
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse(value.jsonText) == value)
    }

    @Test("serialize(parse(text)) is stable for canonical compact text")
    func textRoundTrip() throws {
        let text = #"{"iss":"https://a.example","aud":["x","y"],"exp":1700000000,"n":-1.25,"u":"\u0001é"}"#
        #expect(try JSONValue.parse(text).jsonText == text)
    }
}
