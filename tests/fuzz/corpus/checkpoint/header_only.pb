
stackrace checkpoint 10.1.045f84fe77763d1d7"'../configs/scenarios/baseline.textproto8õûÓ	J2026-06Pq%#"„äœòË