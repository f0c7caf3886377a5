import GatehouseCore

FunctionMain.run(OTPRoutes.table, function: "otp")
