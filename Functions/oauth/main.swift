import GatehouseCore

FunctionMain.run(.oauth, handlers: OAuthRoutes.handlers)
