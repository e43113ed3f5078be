//! The platforms' limits: what Instagram and Facebook refuse, and the checks the app adds.
