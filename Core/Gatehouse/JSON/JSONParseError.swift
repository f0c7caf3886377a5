/// Why a document is not strict RFC 8259 JSON, and where the parser stopped.
///
/// The description names the rule that was broken and a byte offset, never any of the input, so it
/// is safe to log even when the document carried credentials.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule a document broke.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case unexpectedEnd, unexpectedByte, trailingData, invalidNumber, leadingZero, numberOutOfRange
            case controlCharacter, invalidEscape, loneSurrogate, invalidUTF8, duplicateMemberName, nestingTooDeep
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The document ended inside a value.
        public static let unexpectedEnd = Reason(.unexpectedEnd)
        /// A byte that the grammar does not allow here (comments, trailing commas, NaN, a missing colon…).
        public static let unexpectedByte = Reason(.unexpectedByte)
        /// Something other than whitespace follows the top-level value.
        public static let trailingData = Reason(.trailingData)
        /// A number that does not follow the JSON number grammar.
        public static let invalidNumber = Reason(.invalidNumber)
        /// An integer part with a leading zero, such as `01`.
        public static let leadingZero = Reason(.leadingZero)
        /// A number too large to be represented as a finite double.
        public static let numberOutOfRange = Reason(.numberOutOfRange)
        /// An unescaped control character (U+0000–U+001F) inside a string.
        public static let controlCharacter = Reason(.controlCharacter)
        /// A backslash escape that JSON does not define, or a malformed `\u` escape.
        public static let invalidEscape = Reason(.invalidEscape)
        /// A `\u` escape of a UTF-16 surrogate without its other half.
        public static let loneSurrogate = Reason(.loneSurrogate)
        /// Bytes that are not well-formed UTF-8.
        public static let invalidUTF8 = Reason(.invalidUTF8)
        /// An object that names the same member twice (compared after unescaping).
        public static let duplicateMemberName = Reason(.duplicateMemberName)
        /// Arrays and objects nested deeper than the parser allows.
        public static let nestingTooDeep = Reason(.nestingTooDeep)

        /// A short name for the rule, safe for logs and metric labels.
        public var description: String {
            switch code {
            case .unexpectedEnd: "unexpected end of input"
            case .unexpectedByte: "unexpected byte"
            case .trailingData: "data after the top-level value"
            case .invalidNumber: "invalid number"
            case .leadingZero: "number with a leading zero"
            case .numberOutOfRange: "number out of range"
            case .controlCharacter: "control character in string"
            case .invalidEscape: "invalid escape sequence"
            case .loneSurrogate: "unpaired UTF-16 surrogate escape"
            case .invalidUTF8: "invalid UTF-8"
            case .duplicateMemberName: "duplicate member name"
            case .nestingTooDeep: "nesting too deep"
            }
        }
    }

    /// The rule the document broke.
    public let reason: Reason
    /// The offset of the offending byte, counted in UTF-8 bytes from the start of the document.
    public let offset: Int

    /// An error for a document that broke `reason` at byte `offset`.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The rule and the byte offset; never any of the document.
    public var description: String { "invalid JSON: \(reason) at byte \(offset)" }
}
