import GatehouseCore
import Testing

@Suite("JSONObject")
struct JSONObjectTests {
    @Test("keeps members in insertion order and replaces by name")
    func orderAndReplacement() {
        var object: JSONObject = ["b": 1, "a": "x"]
        object["b"] = .bool(true)
        object["c"] = .null
        #expect(object.names == ["b", "a", "c"])
        #expect(object["b"] == .bool(true))
        object["a"] = nil
        #expect(object.names == ["b", "c"])
    }

    @Test("integerValue accepts integral doubles only")
    func integerValue() {
        #expect(JSONValue.number(42.0).integerValue == 42)
        #expect(JSONValue.number(42.5).integerValue == nil)
        #expect(JSONValue.string("42").integerValue == nil)
    }
}
