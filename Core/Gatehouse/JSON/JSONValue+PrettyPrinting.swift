extension JSONValue {
    /// The value as indented JSON text (two spaces, one member or element a line, members in
    /// order), for files people read and diff, such as `infra/openapi.json`. Scalars are written
    /// as ``jsonText`` writes them; empty arrays and objects stay on one line.
    public var prettyJSONText: String {
        var output: [UInt8] = []
        writePretty(to: &output, depth: 0)
        return String(decoding: output, as: UTF8.self)
    }

    func writePretty(to output: inout [UInt8], depth: Int) {
        func newline(_ depth: Int) {
            output.append(ASCII.lineFeed)
            output.append(contentsOf: Array(repeating: ASCII.space, count: depth * 2))
        }
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output.append(ASCII.openBracket)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(ASCII.comma) }
                newline(depth + 1)
                element.writePretty(to: &output, depth: depth + 1)
            }
            newline(depth)
            output.append(ASCII.closeBracket)
        case .object(let object) where !object.isEmpty:
            output.append(ASCII.openBrace)
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(ASCII.comma) }
                newline(depth + 1)
                Self.writeString(member.name, to: &output)
                output.append(contentsOf: ": ".utf8)
                member.value.writePretty(to: &output, depth: depth + 1)
            }
            newline(depth)
            output.append(ASCII.closeBrace)
        default:
            write(to: &output)
        }
    }
}
