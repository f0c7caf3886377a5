/// The scope rule of ``Scope/isCovered(by:)`` in Lua, for scripts that must decide on scopes
/// where the data is (a refresh that narrows its grant's scopes decides before it rotates).
enum ScopeScript {
    /// Lua: `gatehouse_covers(granted, requested)`: whether every scope of the space-separated
    /// `requested` is covered by one of `granted` (`*`, `resource:*`, `*:action`; a resource
    /// wildcard with a named action does not reach the privileged resources).
    static let luaFunction = """

        local gatehouse_privileged = {\(Scope.privilegedResources.sorted().map { "['\($0)'] = true" }
            .joined(separator: ", "))}
        local function gatehouse_scope(text)
          if text == '*' then return '*', '*' end
          return string.match(text, '^([^:]+):([^:]+)$')
        end
        local function gatehouse_covers(granted, requested)
          for wanted in string.gmatch(requested, '[^ ]+') do
            local resource, action = gatehouse_scope(wanted)
            if not resource then return false end
            local covered = false
            for held in string.gmatch(granted, '[^ ]+') do
              local r, a = gatehouse_scope(held)
              if r and not (r == '*' and a ~= '*' and gatehouse_privileged[resource])
                and (r == '*' or r == resource) and (a == '*' or a == action) then
                covered = true
                break
              end
            end
            if not covered then return false end
          end
          return true
        end

        """
}
