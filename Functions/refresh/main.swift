import GatehouseCore

FunctionMain.run(.refresh, handlers: RefreshRoutes.handlers)
