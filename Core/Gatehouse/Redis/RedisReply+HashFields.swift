extension RedisReply {
    /// The field/value pairs of an `HGETALL` reply.
    var hashFields: [String: String] {
        guard case .array(let items) = self else { return [:] }
        var fields: [String: String] = Dictionary(minimumCapacity: items.count / 2)
        var index = 0
        while index + 1 < items.count {
            if let name = items[index].stringValue, let value = items[index + 1].stringValue { fields[name] = value }
            index += 2
        }
        return fields
    }
}
