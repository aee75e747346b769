//! The one display-name rule: how a join is named on screen, in findings and in exports.
//!
//! A join is named by Zoom's user name (or a note that Zoom hid it); when the same person joined
//! more than once, each join carries its place among that person's joins, "Marcus Silva (1/2)",
//! so two joins never look identical in a heatmap row, a legend or a chart.

use crate::meeting::{Join, Meeting};

/// Zoom's name of the join, or a note that Zoom hid it. Untrusted text: callers that print to a
/// terminal or a ticket sanitize it.
pub fn person_name(join: &Join) -> String {
    if join.user_name.trim().is_empty() {
        hidden_name(&join.user_id)
    } else {
        join.user_name.clone()
    }
}

/// How a join whose name Zoom hid is called: "participant 16778240 (name hidden by Zoom)".
/// Untrusted text (the id is Zoom's).
pub fn hidden_name(user_id: &str) -> String {
    format!("participant {user_id} (name hidden by Zoom)")
}

impl Meeting {
    /// This join's place among its person's joins, `(n, of)`, when that person joined more
    /// than once.
    ///
    /// The join is the first one with that `user_id`. Only people who joined more than once are
    /// looked at (a few in any meeting), so naming every join of a 3,000-person webinar stays
    /// linear rather than scanning all joins for each.
    pub fn join_ordinal(&self, user_id: &str) -> Option<(usize, usize)> {
        let is_first_with_id = |index: usize| {
            self.joins.get(index).is_some_and(|j| j.user_id == user_id)
                && !self.joins[..index].iter().any(|j| j.user_id == user_id)
        };
        self.persons.iter().filter(|p| p.joins.len() >= 2).find_map(|person| {
            let n = person.joins.iter().position(|&index| is_first_with_id(index))?;
            Some((n + 1, person.joins.len()))
        })
    }

    /// The join's label: `name`, with " (n/m)" when its person joined more than once.
    pub fn join_label(&self, user_id: &str, name: &str) -> String {
        match self.join_ordinal(user_id) {
            Some((n, of)) => format!("{name} ({n}/{of})"),
            None => name.to_owned(),
        }
    }

    /// The name to show for a join: [`person_name`] with its join ordinal when there are several.
    pub fn display_name(&self, join: &Join) -> String {
        self.join_label(&join.user_id, &person_name(join))
    }
}

#[cfg(test)]
mod tests {
    use crate::meeting::{Join, Meeting, Person};

    fn join(user_id: &str, name: &str) -> Join {
        Join { user_id: user_id.to_owned(), user_name: name.to_owned(), ..Default::default() }
    }

    #[test]
    fn a_person_who_joined_twice_is_numbered_and_a_single_join_is_not() {
        let meeting = Meeting {
            joins: vec![join("a1", "Marcus Silva"), join("b", "Ana"), join("a2", "Marcus Silva"), join("c", "")],
            persons: vec![
                Person { display_name: "Marcus Silva".into(), joins: vec![0, 2] },
                Person { display_name: "Ana".into(), joins: vec![1] },
                Person { display_name: String::new(), joins: vec![3] },
            ],
            ..Default::default()
        };
        assert_eq!(meeting.display_name(&meeting.joins[0]), "Marcus Silva (1/2)");
        assert_eq!(meeting.display_name(&meeting.joins[2]), "Marcus Silva (2/2)");
        assert_eq!(meeting.display_name(&meeting.joins[1]), "Ana");
        assert_eq!(meeting.display_name(&meeting.joins[3]), "participant c (name hidden by Zoom)");
        assert_eq!(meeting.join_label("zz", "Nobody"), "Nobody");
    }
}
