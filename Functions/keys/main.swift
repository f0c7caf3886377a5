import GatehouseCore

FunctionMain.run(.keys, handlers: KeyRoutes.handlers, AuditRoutes.handlers)
