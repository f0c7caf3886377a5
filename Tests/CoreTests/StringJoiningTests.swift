@testable import GatehouseCore
import Testing

@Suite("joining strings")
struct StringJoiningTests {
    @Test("GatehouseCore's [String].joined gives the standard library's answers")
    func sameAsStandardLibrary() {
        let cases: [[String]] = [[], [""], ["a"], ["", ""], ["a", "b", "c"], ["é", "👩‍👩‍👧", "\u{301}x"], Array(repeating: "xy", count: 100)]
        for strings in cases {
            for separator in ["", ", ", "\n", "\u{301}"] {
                // An ArraySlice takes the standard library's joined(separator:).
                #expect(strings.joined(separator: separator) == strings[...].joined(separator: separator), "\(strings) with \(separator.debugDescription)")
            }
            #expect(strings.joined() == strings[...].joined())
        }
    }
}
