//! Zoom's stream families as people think of them. The same stream comes under three keys: the
//! client's (`audio_input`), the web client's (`audio_device_from_rwg`) and room systems'
//! (`audio_device_from_crc`). People-level views (Compare, exports) treat them as one "Audio
//! sent", keeping the API key as a detail.

use crate::metric::{Direction, Media, Stream};

impl Stream {
    /// The people-level stream: the client family's stream of the same media and direction.
    pub fn people_stream(self) -> Stream {
        match (self.media(), self.direction()) {
            (Media::Audio, Direction::Sent) => Stream::AudioInput,
            (Media::Audio, Direction::Received) => Stream::AudioOutput,
            (Media::Video, Direction::Sent) => Stream::VideoInput,
            (Media::Video, Direction::Received) => Stream::VideoOutput,
            (Media::ScreenShare, Direction::Sent) => Stream::AsInput,
            (Media::ScreenShare, Direction::Received) => Stream::AsOutput,
            _ => self,
        }
    }

    /// Every stream of a people-level stream's family (the client's first).
    pub fn family(self) -> Vec<Stream> {
        let base = self.people_stream();
        Stream::ALL.into_iter().filter(|s| s.people_stream() == base).collect()
    }

    /// The helpdesk's words for the people-level stream: "Audio sent", "Video received", "CPU".
    pub fn people_label(self) -> &'static str {
        match (self.media(), self.direction()) {
            (Media::Audio, Direction::Sent) => "Audio sent",
            (Media::Audio, Direction::Received) => "Audio received",
            (Media::Video, Direction::Sent) => "Video sent",
            (Media::Video, Direction::Received) => "Video received",
            (Media::ScreenShare, Direction::Sent) => "Screen share sent",
            (Media::ScreenShare, Direction::Received) => "Screen share received",
            (Media::Cpu, _) => "CPU",
            _ => "Wi-Fi",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::metric::Stream;

    #[test]
    fn the_web_and_room_families_are_the_same_people_level_streams() {
        assert_eq!(Stream::AudioDeviceToRwg.people_stream(), Stream::AudioOutput);
        assert_eq!(Stream::VideoDeviceFromCrc.people_stream(), Stream::VideoInput);
        assert_eq!(Stream::AsDeviceToCrc.people_stream(), Stream::AsOutput);
        assert_eq!(Stream::CpuUsage.people_stream(), Stream::CpuUsage);
        assert_eq!(
            Stream::AudioOutput.family(),
            vec![Stream::AudioOutput, Stream::AudioDeviceToCrc, Stream::AudioDeviceToRwg]
        );
        assert_eq!(Stream::VideoDeviceToRwg.people_label(), "Video received");
        // Every stream belongs to exactly one family.
        let bases: std::collections::BTreeSet<_> = Stream::ALL.iter().map(|s| s.people_stream().key()).collect();
        assert_eq!(bases.len(), 8);
    }
}
