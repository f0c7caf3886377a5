import GatehouseCore

FunctionMain.run(DiscoveryRoutes.table, function: "jwks")
