import GatehouseCore

FunctionMain.run(.jwks, handlers: DiscoveryRoutes.handlers)
