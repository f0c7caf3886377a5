/// Reads typed values from the environment, naming the variable in every error.
struct VariableReader {
    let environment: [String: String]

    func string(_ name: String, default fallback: String) throws(ConfigurationError) -> String {
        guard let value = environment[name] else { return fallback }
        guard !value.containsLineBreakOrNUL else { throw ConfigurationError(name, "must be a single line") }
        return value
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func boolean(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        switch text.asciiLowercased {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(name, "must be true or false")
        }
    }

    /// A secret from `NAME` or from the file named by `NAME_FILE` (not both); trailing newlines
    /// of a file are dropped.
    func secret(_ name: String) throws(ConfigurationError) -> String? {
        let direct = environment[name].flatMap { $0.isEmpty ? nil : $0 }
        let path = environment[name + "_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        switch (direct, path) {
        case (.some, .some):
            throw ConfigurationError(name, "set either \(name) or \(name)_FILE, not both")
        case (.some(let value), nil):
            return value
        case (nil, .some(let path)):
            guard let bytes = SystemAccess.readFile(path) else {
                throw ConfigurationError(name + "_FILE", "cannot read the file it names")
            }
            guard var text = String(validating: bytes, as: UTF8.self) else {
                throw ConfigurationError(name + "_FILE", "the file is not UTF-8 text")
            }
            while let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { text.removeLast() }
            guard !text.isEmpty else { throw ConfigurationError(name + "_FILE", "the file is empty") }
            return text
        case (nil, nil):
            return nil
        }
    }

    /// The variable a secret was read from, for error messages.
    func source(_ name: String) -> String {
        environment[name + "_FILE"].map { $0.isEmpty ? name : name + "_FILE" } ?? name
    }
}
