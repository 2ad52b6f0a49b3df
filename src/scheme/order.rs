//! Orders rules so that each is computed after everything it reads, across
//! teams and persons (a team total may read its members' values, a person rule
//! may read its team's). A cycle is reported with its whole path.

/// A rule to order: its node id and the node ids it reads.
pub struct RuleDeps {
    pub name: String,
    pub reads: Vec<usize>,
}

/// Returns the rules in an order where every rule comes after the rules it reads,
/// or the cycles found (each as the names along it, the first repeated at the end).
pub fn order(rules: &[RuleDeps]) -> Result<Vec<usize>, Vec<Vec<String>>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; rules.len()];
    let mut out = Vec::with_capacity(rules.len());
    let mut cycles = Vec::new();
    for root in 0..rules.len() {
        if marks.get(root) != Some(&Mark::New) {
            continue;
        }
        // Iterative DFS: (node, next dependency index).
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(m) = marks.get_mut(root) {
            *m = Mark::Active;
        }
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let dep = rules.get(node).and_then(|r| r.reads.get(*next)).copied();
            *next += 1;
            match dep {
                None => {
                    if let Some(m) = marks.get_mut(node) {
                        *m = Mark::Done;
                    }
                    out.push(node);
                    stack.pop();
                }
                Some(d) => match marks.get(d) {
                    Some(Mark::New) => {
                        if let Some(m) = marks.get_mut(d) {
                            *m = Mark::Active;
                        }
                        stack.push((d, 0));
                    }
                    Some(Mark::Active) => {
                        let from = stack.iter().position(|(n, _)| *n == d).unwrap_or(0);
                        let mut path: Vec<String> = stack
                            .get(from..)
                            .unwrap_or(&[])
                            .iter()
                            .filter_map(|(n, _)| rules.get(*n).map(|r| r.name.clone()))
                            .collect();
                        if let Some(r) = rules.get(d) {
                            path.push(r.name.clone());
                        }
                        cycles.push(path);
                    }
                    _ => {}
                },
            }
        }
    }
    if cycles.is_empty() {
        Ok(out)
    } else {
        Err(cycles)
    }
}

/// `team.pool` or `person.bonus`, as rules are named in cycle reports.
pub fn qualified(level: &str, name: &str) -> String {
    format!("{level}.{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(spec: &[(&str, &[usize])]) -> Vec<RuleDeps> {
        spec.iter()
            .map(|(n, r)| RuleDeps {
                name: n.to_string(),
                reads: r.to_vec(),
            })
            .collect()
    }

    #[test]
    fn orders_dependencies_first() {
        let r = rules(&[("c", &[1]), ("b", &[2]), ("a", &[])]);
        assert_eq!(order(&r), Ok(vec![2, 1, 0]));
    }

    #[test]
    fn reports_the_cycle_path() {
        let r = rules(&[
            ("team.avg", &[1]),
            ("person.pay", &[2]),
            ("person.score", &[0]),
            ("x", &[]),
        ]);
        assert_eq!(
            order(&r),
            Err(vec![vec![
                "team.avg".to_string(),
                "person.pay".into(),
                "person.score".into(),
                "team.avg".into()
            ]])
        );
    }
}
