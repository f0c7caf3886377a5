extension JSONValue {
    /// Parses one strict RFC 8259 JSON document from UTF-8 bytes.
    ///
    /// Refuses everything the RFC does not allow (comments, trailing commas, leading zeros, NaN and
    /// Infinity, unescaped control characters, ill-formed UTF-8, unpaired surrogate escapes, whitespace
    /// other than space, tab, LF and CR, data after the value) and also duplicate member names, compared
    /// after unescaping, and nesting deeper than `maxDepth` arrays and objects. Integral numbers without
    /// fraction or exponent that fit in 64 bits become ``JSONValue/integer(_:)``; every other number
    /// becomes ``JSONValue/number(_:)``.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parseDocument(buffer, maxDepth: maxDepth) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parseDocument(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// Parses one strict RFC 8259 JSON document from text, with the same rules as parsing bytes.
    public static func parse(_ text: String, maxDepth: Int = 32) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parseDocument(buffer, maxDepth: maxDepth) }
        }.get()
    }

    private static func parseDocument(
        _ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int
    ) throws(JSONParseError)
        -> JSONValue
    {
        var reader = JSONReader(bytes: buffer, maxDepth: maxDepth)
        return try reader.document()
    }
}
