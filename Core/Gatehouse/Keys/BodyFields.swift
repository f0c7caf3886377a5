/// Typed reads of a JSON request body, each failure a 422 naming the field.
struct BodyFields {
    let object: JSONObject

    init(_ request: APIRequest) throws { object = try RequestBody.jsonObject(request) }

    init(object: JSONObject) { self.object = object }

    /// A string of 1…`maxLength` characters, or nil when absent (or null).
    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let value = object[name], value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty, text.count <= maxLength, !text.containsLineBreakOrNUL else {
            throw GatehouseError.validation("\(name) must be a string of 1 to \(maxLength) characters", field: name)
        }
        return text
    }

    /// An integer in `range`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = object[name], value != .null else { return nil }
        guard let number = value.integerValue, range.contains(number) else {
            throw GatehouseError.validation(
                "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return number
    }

    /// A boolean, or nil when absent.
    func boolean(_ name: String) throws -> Bool? {
        guard let value = object[name], value != .null else { return nil }
        guard let flag = value.boolValue else {
            throw GatehouseError.validation("\(name) must be a boolean", field: name)
        }
        return flag
    }

    /// A list of scopes (an array of strings, or one space-separated string), or nil when absent.
    func scopes(_ name: String) throws -> ScopeSet? {
        guard let value = object[name], value != .null else { return nil }
        let texts: [String]
        if let array = value.arrayValue {
            texts = array.compactMap(\.stringValue)
            guard texts.count == array.count else {
                throw GatehouseError.validation("\(name) must be an array of scope strings", field: name)
            }
        } else if let text = value.stringValue {
            texts = [text]
        } else {
            throw GatehouseError.validation("\(name) must be an array of scope strings", field: name)
        }
        guard let set = ScopeSet(parsing: texts.joined(separator: " ")) else {
            throw GatehouseError.validation("\(name) holds a string that is not a resource:action scope", field: name)
        }
        return set
    }

    /// A role name, or nil when absent.
    func role(_ name: String) throws -> Role? {
        guard let text = try string(name, maxLength: 20) else { return nil }
        guard let role = Role(rawValue: text) else {
            throw GatehouseError.validation("\(name) must be viewer, editor, admin or owner", field: name)
        }
        return role
    }
}
