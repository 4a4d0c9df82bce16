"""The actions of the registry. Each checks permission, makes the change, appends an event
and re-evaluates the groups it can affect. Services add and flush; the request commits once."""
