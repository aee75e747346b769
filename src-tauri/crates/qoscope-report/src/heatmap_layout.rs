//! The heatmap's layout, apart from its drawing: the row order (the diagnosis's findings first,
//! then the most poor minutes, so "one person or everyone?" is answered by where the colour is;
//! a big meeting has scattered bad minutes everywhere, which are noise, not findings), how tall a row is for 3 or 1,000 joins, and
//! which rows get a name when the rows are too thin for every name.
//!
//! Pure functions of numbers, so the rules are tested without rendering.

use qoscope_diagnosis::{Grade, JoinGrades};

/// The tallest row (few participants: a comfortable band with a name each).
pub const MAX_ROW_H: f32 = 18.0;
/// The thinnest row: 3 px in the 2× PNG, so that one person's trouble is still a visible line.
pub const MIN_ROW_H: f32 = 1.5;
/// The plot height a meeting's rows share before rows hit [`MIN_ROW_H`] (600 joins).
pub const PLOT_H: f32 = 900.0;
/// Rows at least this tall are drawn with a 1-px gap between them; thinner rows touch (a gap
/// on a 2-px row turns the picture into stripes and dots).
pub const GAP_FROM: f32 = 6.0;
/// Name labels: font size and the vertical distance two labels need (also the height of a row
/// with trouble when those rows are drawn taller than the others).
pub const LABEL_SIZE: f32 = 9.5;
pub const LABEL_PITCH: f32 = 11.5;

/// One row's place in the order: its index in `MeetingGrades::joins`, with its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowStat {
    pub join: usize,
    pub poor: usize,
    pub warning: usize,
    /// The diagnosis has a finding about this join in the range.
    pub finding: bool,
}

impl RowStat {
    /// Whether the diagnosis found trouble for the join (an episode, not a stray bad minute).
    pub fn troubled(&self) -> bool {
        self.finding
    }

    /// Whether the join had any warning or poor minute in the range.
    pub fn degraded(&self) -> bool {
        self.poor + self.warning > 0
    }
}

/// Every join's counts of poor and warning minutes in `first..=last`, worst first: joins with a
/// finding (`flagged[i]`) first, then the most poor minutes, the most warning minutes, by name,
/// in join order.
pub fn worst_first(joins: &[JoinGrades], first: usize, last: usize, flagged: &[bool]) -> Vec<RowStat> {
    let mut rows: Vec<RowStat> = joins
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let grades = j.overall.iter().skip(first).take(last + 1 - first);
            let (mut poor, mut warning) = (0, 0);
            for g in grades {
                match g.grade {
                    Grade::Poor => poor += 1,
                    Grade::Warning => warning += 1,
                    _ => {}
                }
            }
            RowStat { join: i, poor, warning, finding: flagged.get(i).copied().unwrap_or(false) }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.finding
            .cmp(&a.finding)
            .then(b.poor.cmp(&a.poor))
            .then(b.warning.cmp(&a.warning))
            .then_with(|| name_key(&joins[a.join]).cmp(&name_key(&joins[b.join])))
            .then(a.join.cmp(&b.join))
    });
    rows
}

/// Names sort case-insensitively; hidden names last.
fn name_key(j: &JoinGrades) -> (bool, String) {
    let name = j.user_name.trim();
    (name.is_empty(), name.to_lowercase())
}

/// The height of one row for `rows` rows.
pub fn row_height(rows: usize) -> f32 {
    (PLOT_H / rows.max(1) as f32).clamp(MIN_ROW_H, MAX_ROW_H)
}

/// Where each shown row sits and which rows carry a name.
#[derive(Debug, Clone, PartialEq)]
pub struct RowPlan {
    /// Top of each row, from the top of the plot.
    pub top: Vec<f32>,
    /// Height of each row.
    pub height: Vec<f32>,
    /// Whether the row's name is written beside it.
    pub named: Vec<bool>,
    /// Rows with trouble drawn taller than the others (so that each gets its name).
    pub troubled_taller: bool,
}

impl RowPlan {
    /// The plot's height.
    pub fn plot_h(&self) -> f32 {
        match (self.top.last(), self.height.last()) {
            (Some(t), Some(h)) => t + h,
            _ => 0.0,
        }
    }

    /// (named rows with trouble, rows with trouble, named others, others).
    pub fn counts(&self, stats: &[RowStat]) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for (stat, &named) in stats.iter().zip(&self.named) {
            if stat.troubled() {
                c.0 += usize::from(named);
                c.1 += 1;
            } else {
                c.2 += usize::from(named);
                c.3 += 1;
            }
        }
        c
    }
}

/// Plans the rows of `stats` (worst first): one height for every row when all names fit (or
/// when too many rows have trouble to single them out), else rows with trouble as tall as a
/// name and the others sharing what is left. A row is named when its centre is a name's height
/// below the last named one, so every name sits exactly beside its own row.
pub fn plan_rows(stats: &[RowStat]) -> RowPlan {
    let n = stats.len();
    let troubled = stats.iter().filter(|r| r.troubled()).count();
    let others = n - troubled;
    let uniform = row_height(n);
    let (h_troubled, h_other) = if uniform >= LABEL_PITCH || troubled == 0 || others == 0 {
        (uniform, uniform)
    } else if troubled as f32 * LABEL_PITCH <= PLOT_H * 0.6 {
        (LABEL_PITCH, ((PLOT_H - troubled as f32 * LABEL_PITCH) / others as f32).clamp(MIN_ROW_H, LABEL_PITCH))
    } else {
        (uniform, uniform)
    };
    let mut plan = RowPlan {
        top: Vec::with_capacity(n),
        height: Vec::with_capacity(n),
        named: Vec::with_capacity(n),
        troubled_taller: h_troubled > h_other,
    };
    let mut y = 0.0f32;
    let mut last_label = f32::NEG_INFINITY;
    for stat in stats {
        let h = if stat.troubled() { h_troubled } else { h_other };
        let centre = y + h / 2.0;
        let named = centre - last_label >= LABEL_PITCH - 0.01;
        if named {
            last_label = centre;
        }
        plan.top.push(y);
        plan.height.push(h);
        plan.named.push(named);
        y += h;
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(troubled: usize, total: usize) -> Vec<RowStat> {
        (0..total)
            .map(|i| RowStat { join: i, poor: usize::from(i < troubled), warning: 0, finding: i < troubled })
            .collect()
    }

    #[test]
    fn rows_are_comfortable_for_a_few_and_visible_for_a_thousand() {
        assert_eq!(row_height(3), MAX_ROW_H);
        assert_eq!(row_height(300), 3.0);
        assert_eq!(row_height(1000), MIN_ROW_H);
        assert!(row_height(1000) * 1000.0 <= 1500.0, "the image height stays bounded");
    }

    #[test]
    fn a_few_rows_all_get_names() {
        let plan = plan_rows(&stats(2, 8));
        assert!(plan.named.iter().all(|&n| n));
        assert_eq!(plan.plot_h(), 8.0 * MAX_ROW_H);
    }

    fn names_never_overlap(plan: &RowPlan) {
        let centres: Vec<f32> =
            (0..plan.top.len()).filter(|&i| plan.named[i]).map(|i| plan.top[i] + plan.height[i] / 2.0).collect();
        assert!(centres.windows(2).all(|w| w[1] - w[0] >= LABEL_PITCH - 0.02), "{centres:?}");
    }

    #[test]
    fn a_few_troubled_among_a_thousand_get_tall_named_rows() {
        let s = stats(40, 1000);
        let plan = plan_rows(&s);
        assert!(plan.troubled_taller);
        assert!(plan.named[..40].iter().all(|&n| n), "every troubled row is named");
        let (named_t, t, named_o, o) = plan.counts(&s);
        assert_eq!((named_t, t, o), (40, 40, 960));
        assert!(named_o > 20 && named_o < 140, "{named_o}");
        assert!(
            plan.plot_h() <= PLOT_H * 0.6 + 960.0 * MIN_ROW_H && plan.height[999] >= MIN_ROW_H,
            "{}",
            plan.plot_h()
        );
        names_never_overlap(&plan);
    }

    #[test]
    fn when_most_have_trouble_rows_stay_even_and_every_kth_is_named() {
        let s = stats(900, 1000);
        let plan = plan_rows(&s);
        assert!(!plan.troubled_taller);
        assert_eq!(plan.plot_h(), 1000.0 * MIN_ROW_H);
        let (named_t, ..) = plan.counts(&s);
        assert!(named_t > 100 && named_t < 140, "{named_t}");
        names_never_overlap(&plan);
        names_never_overlap(&plan_rows(&stats(0, 300)));
    }

    #[test]
    fn the_worst_rows_come_first() {
        use qoscope_diagnosis::MinuteGrade;
        let join = |name: &str, grades: &[Grade]| JoinGrades {
            join_index: 0,
            user_id: name.to_owned(),
            user_name: name.to_owned(),
            streams: Vec::new(),
            overall: grades.iter().map(|&grade| MinuteGrade { grade, causes: Vec::new() }).collect(),
        };
        let joins = vec![
            join("eve", &[Grade::Good, Grade::Good]),
            join("bea", &[Grade::Good, Grade::Good]),
            join("Al", &[Grade::Good, Grade::Good]),
            join("cy", &[Grade::Warning, Grade::Good]),
            join("dee", &[Grade::Poor, Grade::NoData]),
        ];
        let order: Vec<usize> =
            worst_first(&joins, 0, 1, &[true, false, false, false, false]).iter().map(|r| r.join).collect();
        assert_eq!(order, [0, 4, 3, 2, 1], "a finding first, then the most poor minutes, then by name");
    }
}
