import ArgumentParser
import GatehouseCore

#if canImport(Glibc)
    import Glibc
#endif

/// `--json`, which every command takes: results as one JSON document for scripts (errors too, on
/// standard error), else text for people — lists as aligned tables.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result (and any error) as JSON, for scripts.") var json = false

    /// Prints `value` as JSON, or `text` for people (followed by `terminator`).
    func emit(_ value: JSONValue, text: @autoclosure () -> String, terminator: String = "\n") {
        if json { print(value.jsonText) } else { print(text(), terminator: terminator) }
    }

    /// Prints records as a JSON array, or as a table of `columns` (header, field) for people.
    func list(_ records: [JSONObject], columns: [(String, String)]) {
        guard !json else {
            print(JSONValue.array(records.map(JSONValue.object)).jsonText)
            return
        }
        let rows = [columns.map(\.0)] + records.map { record in columns.map { Self.cell(record[$0.1]) } }
        print(TextTable.render(rows), terminator: "")
    }

    /// A JSON value as a table cell.
    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case .none, .null?: "-"
        case .string(let text)?: text
        case .array(let items)?: items.map { cell($0) }.joined(separator: " ")
        case let other?: other.jsonText
        }
    }
}
