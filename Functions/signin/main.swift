import GatehouseCore

FunctionMain.run(SigninRoutes.table, function: "signin")
